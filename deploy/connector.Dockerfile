# The connector as a container. deploy/images/build builds it with every other image; by hand, from the repository
# root after `./mvnw -B -ntp package dependency:copy-dependencies -DskipTests -DincludeScope=runtime`:
#   docker build -f deploy/connector.Dockerfile -t numbers-connector:0.1.0 .
# The base is the JRE image deploy/images/build makes from Debian's packages; with Docker Hub at hand,
# --build-arg JRE_IMAGE=eclipse-temurin:21-jre runs it on Temurin instead.
ARG JRE_IMAGE=numbers-jre:21
FROM ${JRE_IMAGE}
WORKDIR /app
# Dependencies first: they change less often than the connector's own jar, so their layer is reused.
COPY connector/target/dependency/ /app/lib/
COPY connector/target/connector-*.jar /app/connector.jar
COPY deploy/images/http-ok /usr/local/bin/http-ok
RUN (id -u numbers >/dev/null 2>&1 || useradd --system --uid 10001 numbers) \
 && mkdir -p /var/lib/numbers-connector && chown 10001 /var/lib/numbers-connector
USER 10001
EXPOSE 8080
# The durable intent ledger (RocksDB). A volume, so a restarted container reads only what was written since its
# checkpoint; without one it restores from the intents topic, which is slower but loses nothing.
VOLUME /var/lib/numbers-connector
# 60 % for the heap: the durable ledger (RocksDB) lives outside it, about 100 MB of block cache and write buffers.
ENV CONNECTOR_LEDGER_STATE_DIR=/var/lib/numbers-connector \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.numbers.schemas.avro"
# Configuration comes from the environment (CONNECTOR_KAFKA_BOOTSTRAP_SERVERS, CONNECTOR_REGISTRY_URL, ...);
# secrets (CONNECTOR_PROVIDERS_SIGNALWIRE_API_TOKEN, CONNECTOR_PROVIDERS_TELNYX_API_KEY) from a Secret, never baked in.
HEALTHCHECK --interval=10s --timeout=6s --start-period=90s --retries=3 \
  CMD http-ok "${CONNECTOR_HTTP_PORT:-8080}" /health/readiness
ENTRYPOINT ["java", "-cp", "/app/connector.jar:/app/lib/*", "dev.numbers.connector.Application"]
