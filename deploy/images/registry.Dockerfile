# The schema registry (Apicurio Registry, in memory, Confluent API at /apis/ccompat/v7) for the containerised
# end-to-end test, from the distribution Maven unpacks for the tests (harness/target/apicurio/). Not a production
# registry: its schemas live only as long as the container.
ARG JRE_IMAGE=numbers-jre:21
FROM ${JRE_IMAGE}
COPY harness/target/apicurio/ /opt/apicurio/
COPY deploy/images/http-ok /usr/local/bin/http-ok
RUN id -u numbers >/dev/null 2>&1 || useradd --system --uid 10001 numbers
USER 10001
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60"
HEALTHCHECK --interval=5s --timeout=6s --start-period=120s --retries=3 CMD ["http-ok", "8080", "/apis/ccompat/v7/subjects"]
ENTRYPOINT ["java", "-Dquarkus.http.host=0.0.0.0", "-Dquarkus.http.port=8080", \
            "-Dapicurio.rules.global.compatibility=BACKWARD", "-Dquarkus.otel.sdk.disabled=true", \
            "-jar", "/opt/apicurio/quarkus-run.jar"]
