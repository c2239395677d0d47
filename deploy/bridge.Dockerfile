# The callback bridge as a container. deploy/images/build builds it with every other image; by hand, from the
# repository root after `./mvnw -B -ntp package dependency:copy-dependencies -DskipTests -DincludeScope=runtime`:
#   docker build -f deploy/bridge.Dockerfile -t numbers-callback-bridge:0.1.0 .
# The base is the JRE image deploy/images/build makes from Debian's packages; with Docker Hub at hand,
# --build-arg JRE_IMAGE=eclipse-temurin:21-jre runs it on Temurin instead.
ARG JRE_IMAGE=numbers-jre:21
FROM ${JRE_IMAGE}
WORKDIR /app
COPY callback-bridge/target/dependency/ /app/lib/
COPY callback-bridge/target/callback-bridge-*.jar /app/bridge.jar
COPY deploy/images/http-ok /usr/local/bin/http-ok
RUN (id -u numbers >/dev/null 2>&1 || useradd --system --uid 10001 numbers) \
 && mkdir -p /var/lib/bridge && chown 10001 /var/lib/bridge
USER 10001
# 8081: /webhooks/* for the providers; 8091: /health, /prometheus, /orders/{id} for the cluster only
EXPOSE 8081 8091
# Kafka Streams state (the current-state store behind GET /orders/{id}); restored from the changelog when empty.
VOLUME /var/lib/bridge
ENV BRIDGE_ORDER_STATE_STATE_DIR=/var/lib/bridge \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.numbers.schemas.avro"
# Webhook keys (BRIDGE_WEBHOOKS_SIGNALWIRE_SIGNING_KEY, BRIDGE_WEBHOOKS_TELNYX_PUBLIC_KEY or key files) come from a
# Secret at run time, never from the image.
HEALTHCHECK --interval=10s --timeout=6s --start-period=90s --retries=3 \
  CMD http-ok "${BRIDGE_MANAGEMENT_PORT:-8091}" /health/readiness
ENTRYPOINT ["java", "-cp", "/app/bridge.jar:/app/lib/*", "dev.numbers.bridge.Application"]
