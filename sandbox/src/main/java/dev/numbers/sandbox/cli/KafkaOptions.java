package dev.numbers.sandbox.cli;

import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Where the broker and the schema registry are; flags win over NUMBERS_BOOTSTRAP / NUMBERS_REGISTRY_URL. */
public final class KafkaOptions {

    @Option(names = {"-b", "--bootstrap"}, paramLabel = "HOST:PORT",
            defaultValue = "${env:NUMBERS_BOOTSTRAP:-localhost:9092}",
            description = "Kafka bootstrap servers (env NUMBERS_BOOTSTRAP, default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = {"-r", "--registry-url"}, paramLabel = "URL",
            defaultValue = "${env:NUMBERS_REGISTRY_URL:-http://localhost:8080/apis/ccompat/v7}",
            description = "Confluent-API schema registry URL (env NUMBERS_REGISTRY_URL, default ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "How long to wait for Kafka before giving up (default ${DEFAULT-VALUE}s).")
    int timeoutSeconds;

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    Map<String, Object> common() {
        final Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("client.id", "numbers-cli");
        return config;
    }
}
