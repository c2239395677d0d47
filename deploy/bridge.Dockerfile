# The callback bridge as a container. Build from the repository root after `./mvnw -B -ntp package -DskipTests`:
#   docker build -f deploy/bridge.Dockerfile -t numbers-callback-bridge:0.1.0 .
# (Not built in this project's CI: there is no Docker engine there.)
FROM eclipse-temurin:21-jre
WORKDIR /app
COPY callback-bridge/target/callback-bridge-*.jar /app/bridge.jar
COPY callback-bridge/target/dependency/ /app/lib/
RUN useradd --system --uid 10001 numbers && mkdir -p /var/lib/bridge && chown 10001 /var/lib/bridge
USER 10001
# 8081: /webhooks/* for the providers; 8091: /health, /prometheus, /orders/{id} for the cluster only
EXPOSE 8081 8091
# Kafka Streams state (the current-state store behind GET /orders/{id}); restored from the changelog when empty.
ENV BRIDGE_ORDER_STATE_STATE_DIR=/var/lib/bridge \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.numbers.schemas.avro"
ENTRYPOINT ["java", "-cp", "/app/bridge.jar:/app/lib/*", "dev.numbers.bridge.Application"]
