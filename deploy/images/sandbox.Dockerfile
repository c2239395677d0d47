# The provider simulator and the numbers CLI (module sandbox) for the containerised end-to-end test:
#   docker run numbers-sandbox:0.1.0 simulator --campaign ID --telnyx-webhook-url URL
#   docker run numbers-sandbox:0.1.0 cli results --expect 6
# socat comes from the distribution's packages, so build with `docker build --network host`.
ARG JRE_IMAGE=numbers-jre:21
FROM ${JRE_IMAGE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends socat \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && (id -u numbers >/dev/null 2>&1 || useradd --system --uid 10001 numbers)
WORKDIR /app
COPY sandbox/target/dependency/ /app/lib/
COPY sandbox/target/sandbox-*.jar /app/sandbox.jar
COPY deploy/images/sandbox-run /usr/local/bin/sandbox-run
COPY deploy/images/http-ok /usr/local/bin/http-ok
USER 10001
EXPOSE 8089
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.numbers.schemas.avro"
ENTRYPOINT ["sandbox-run"]
CMD ["simulator"]
