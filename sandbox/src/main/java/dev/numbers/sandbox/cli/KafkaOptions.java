package dev.numbers.sandbox.cli;

import dev.numbers.schemas.cluster.ClusterSettings;
import dev.numbers.schemas.serde.SerdeConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the broker and the schema registry are and how to reach them; flags win over NUMBERS_BOOTSTRAP /
 * NUMBERS_REGISTRY_URL / NUMBERS_CLIENT_CONFIG. The client config file holds Kafka client settings (SASL, TLS) and the
 * registry's (basic auth, bearer token, trust store) like the connector's and the bridge's pass-through settings.
 */
public final class KafkaOptions {

    @Option(names = {"-b", "--bootstrap"}, paramLabel = "HOST:PORT",
            defaultValue = "${env:NUMBERS_BOOTSTRAP:-localhost:9092}",
            description = "Kafka bootstrap servers (env NUMBERS_BOOTSTRAP, default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = {"-r", "--registry-url"}, paramLabel = "URL",
            defaultValue = "${env:NUMBERS_REGISTRY_URL:-http://localhost:8080/apis/ccompat/v7}",
            description = "Confluent-API schema registry URL (env NUMBERS_REGISTRY_URL, default ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = {"--client-config"}, paramLabel = "FILE", defaultValue = "${env:NUMBERS_CLIENT_CONFIG}",
            description = "Properties file of Kafka client and registry settings for a secured cluster, e.g."
                    + " security.protocol, sasl.jaas.config, ssl.truststore.location, basic.auth.user.info; any key"
                    + " as <key>-file to read its value from a file (env NUMBERS_CLIENT_CONFIG).")
    Path clientConfig;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "How long to wait for Kafka before giving up (default ${DEFAULT-VALUE}s).")
    int timeoutSeconds;

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    Map<String, Object> common() {
        final Map<String, Object> config = cluster().kafka();
        config.putIfAbsent("client.id", "numbers-cli");
        return config;
    }

    SerdeConfig serde() {
        return cluster().serde();
    }

    private ClusterSettings cluster() {
        return new ClusterSettings(bootstrap, registryUrl, clientSettings());
    }

    private Map<String, String> clientSettings() {
        if (clientConfig == null) {
            return Map.of();
        }
        final var props = new Properties();
        try (Reader in = Files.newBufferedReader(clientConfig)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --client-config " + clientConfig, e);
        }
        final var settings = new HashMap<String, String>();
        props.stringPropertyNames().forEach(key -> settings.put(key, props.getProperty(key).trim()));
        return settings;
    }
}
