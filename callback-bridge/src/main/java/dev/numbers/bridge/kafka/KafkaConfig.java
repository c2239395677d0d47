package dev.numbers.bridge.kafka;

import dev.numbers.bridge.config.Settings;
import dev.numbers.schemas.cluster.ClientSecrets;
import dev.numbers.schemas.cluster.ClusterSettings;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.MapFormat;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How every bridge client reaches Kafka and the registry: the intake producer, the Streams topology, the poller's
 * consumer and producers, the admin clients and the registry clients all take their settings from here, so a SASL or
 * TLS setting cannot reach one of them and miss another. Keys under {@code bridge.kafka}; the intake's own settings
 * under the same prefix ({@code raw-topic}, {@code produce-timeout}, {@code linger}) are
 * {@link dev.numbers.bridge.ingest.IntakeConfig}'s.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code bridge.kafka.bootstrap-servers}, {@code
 * KAFKA_BOOTSTRAP_SERVERS})
 * @param registryUrl      Confluent-API schema registry base URL ({@code bridge.kafka.registry-url},
 *                         {@code SCHEMA_REGISTRY_URL})
 * @param properties       further Kafka client and registry settings passed through as they are (SASL, TLS,
 *                         {@code basic.auth.user.info}, ...; any as {@code <key>-file}): see {@link ClusterSettings}
 */
@ConfigurationProperties(KafkaConfig.PREFIX)
public record KafkaConfig(
        @Nullable String bootstrapServers,
        @Nullable String registryUrl,
        @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> properties) {

    public static final String PREFIX = "bridge.kafka";

    public KafkaConfig {
        Settings.required(PREFIX + ".bootstrap-servers", bootstrapServers);
        Settings.required(PREFIX + ".registry-url", registryUrl);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** The one place every bridge client takes its connection settings from. */
    public ClusterSettings cluster() {
        return new ClusterSettings(bootstrapServers, registryUrl, properties);
    }

    /** The registry client's settings (URL, auth, trust store). */
    public SerdeConfig serde() {
        return cluster().serde();
    }

    /** A plain client's settings (admin, or a start to add to): bootstrap servers and the pass-through settings. */
    public Map<String, Object> client() {
        return cluster().kafka();
    }

    /** An idempotent producer that waits for every in-sync replica: what both writers of the raw topic need. */
    public Map<String, Object> producer() {
        final var props = client();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return props;
    }

    /** A consumer in {@code groupId} reading committed records only, committing itself, from the start when new. */
    public Map<String, Object> consumer(final String groupId) {
        final var props = client();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    @Override
    public String toString() {
        // passthrough properties may hold SASL passwords
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl
                + ", properties=" + ClientSecrets.redacted(properties) + "]";
    }
}
