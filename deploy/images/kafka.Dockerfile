# Kafka as the `apache/kafka:<version>` image Testcontainers' KafkaContainer and the containerised end-to-end test
# start, built from the very jars Maven fetched for the tests (harness's runtime dependencies, laid out by
# deploy/images/build into harness/target/kafka-libs/), so no image registry is needed. With Docker Hub at hand
# `docker pull apache/kafka:<version>` gives the upstream image under the same name instead.
ARG JRE_IMAGE=numbers-jre:21
FROM ${JRE_IMAGE}
COPY harness/target/kafka-libs/ /opt/kafka/libs/
COPY deploy/images/kafka-log4j2.properties /etc/kafka/log4j2.properties
COPY deploy/images/kafka-run /etc/kafka/docker/run
COPY deploy/images/http-ok /usr/local/bin/http-ok
RUN (id -u numbers >/dev/null 2>&1 || useradd --system --uid 10001 numbers) \
 && mkdir -p /var/lib/kafka/data && chown 10001 /var/lib/kafka/data
USER 10001
EXPOSE 9092
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC"
CMD ["/etc/kafka/docker/run"]
