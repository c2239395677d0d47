package dev.numbers.schemas.cluster;

import dev.numbers.schemas.serde.SerdeConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How every client of every component reaches Kafka and the schema registry: the bootstrap servers, the registry URL
 * and one map of settings passed through as they are. Kafka client keys ({@code security.protocol},
 * {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.*}, {@code ssl.keystore.*},
 * {@code config.providers}, ...) go to every consumer, producer, admin and Streams client; the registry's keys
 * (Confluent's
 * {@code basic.auth.user.info}, {@code bearer.auth.token}, {@code schema.registry.ssl.*}) go to the registry client.
 * Any key may instead be given as {@code <key>-file} naming a file that holds the value (see {@link ClientSecrets}).
 *
 * <p>Each component's configuration record embeds one of these, so a SASL or TLS setting cannot reach one client and
 * miss another.
 */
public record ClusterSettings(String bootstrapServers, String registryUrl, Map<String, String> properties) {

    public ClusterSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrap servers are required");
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /**
     * Settings for Kafka clients: bootstrap servers and the pass-through settings, files read, registry keys left out.
     */
    public Map<String, Object> kafka() {
        return kafkaClient(bootstrapServers, properties);
    }

    /** Settings for the registry client: URL, basic auth or bearer token and trust store, files read. */
    public SerdeConfig serde() {
        return registryClient(registryUrl, properties);
    }

    /** Kafka client settings from bootstrap servers and pass-through settings (files read, registry keys left out). */
    public static Map<String, Object> kafkaClient(final String bootstrapServers, final Map<String, String> properties) {
        final var props = new HashMap<String, Object>();
        ClientSecrets.resolveFiles(properties).forEach((key, value) -> {
            if (!isRegistryKey(key)) {
                props.put(key, value);
            }
        });
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    /** Registry client settings from its URL and pass-through settings with Confluent's keys (files read). */
    public static SerdeConfig registryClient(final String registryUrl, final Map<String, String> properties) {
        Objects.requireNonNull(registryUrl, "the schema registry URL is required");
        final var props = new HashMap<String, Object>(ClientSecrets.resolveFiles(properties));
        props.put(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        return SerdeConfig.fromMap(props, false);
    }

    /** The same settings with further ones added; later keys win. */
    public ClusterSettings with(final Map<String, String> more) {
        final var merged = new HashMap<>(properties);
        merged.putAll(more);
        return new ClusterSettings(bootstrapServers, registryUrl, merged);
    }

    /** Keys the registry client reads, which Kafka clients would only warn about as unknown. */
    public static boolean isRegistryKey(final String key) {
        return key.startsWith("schema.registry.") || key.startsWith("basic.auth.") || key.startsWith("bearer.auth.")
                || key.equals(SerdeConfig.AUTO_REGISTER_SCHEMAS) || key.endsWith(".subject.name.strategy")
                || key.equals(SerdeConfig.MISSING_ID_CACHE_TTL_SEC)
                        || key.equals(SerdeConfig.MISSING_SCHEMA_CACHE_TTL_SEC);
    }

    @Override
    public String toString() {
        return "ClusterSettings[bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl
                + ", properties=" + ClientSecrets.redacted(properties) + "]";
    }
}
