# The connector as a container. Build from the repository root after `./mvnw -B -ntp package -DskipTests`:
#   docker build -f deploy/connector.Dockerfile -t numbers-connector:0.1.0 .
# (Not built in this project's CI: there is no Docker engine there.)
FROM eclipse-temurin:21-jre
WORKDIR /app
# The jar plus its runtime dependencies, laid out by `./mvnw dependency:copy-dependencies` (see docs/operations.md).
COPY connector/target/connector-*.jar /app/connector.jar
COPY connector/target/dependency/ /app/lib/
RUN useradd --system --uid 10001 numbers
USER 10001
EXPOSE 8080
# 60 % for the heap: the durable ledger (RocksDB) lives outside it, about 100 MB of block cache and write buffers.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.numbers.schemas.avro"
# Configuration comes from the environment (CONNECTOR_KAFKA_BOOTSTRAP_SERVERS, CONNECTOR_REGISTRY_URL, ...);
# secrets (CONNECTOR_PROVIDERS_SIGNALWIRE_API_TOKEN, CONNECTOR_PROVIDERS_TELNYX_API_KEY) from a Secret, never baked in.
ENTRYPOINT ["java", "-cp", "/app/connector.jar:/app/lib/*", "dev.numbers.connector.Application"]
