package dev.numbers.connector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.validation.constraints.NotBlank;
import dev.numbers.schemas.cluster.ClientSecrets;
import dev.numbers.schemas.cluster.ClusterSettings;
import java.util.Map;

/**
 * Kafka client settings (prefix {@code connector.kafka}). {@code properties} is passed through to every client the
 * connector builds (loop consumer, transactional producer, ledger producer and readers, admin, health probe), so
 * SASL/TLS settings work without code changes; any key may be given as {@code <key>-file} naming a file that holds
 * the value. The connector only sets what its guarantees depend on (isolation level, transactions, manual commits).
 *
 * @param bootstrapServers the Kafka bootstrap servers
 * @param properties Kafka client settings passed to every client the connector builds (SASL, TLS, ...), any of them as
 *                   {@code <key>-file}
 * @param transactionalIdPrefix start of every transactional.id the connector uses; the instance id and the producer's
 *                              role follow
 */
@Context
@ConfigurationProperties("connector.kafka")
public record KafkaConfig(
        @NotBlank String bootstrapServers,
        @MapFormat(transformation = MapFormat.MapTransformation.FLAT, keyFormat = StringConvention.RAW)
        Map<String, String> properties,
        @Bindable(defaultValue = "numbers-connector") @NotBlank String transactionalIdPrefix) {

    public KafkaConfig {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** Bootstrap servers and the pass-through settings with secret files read: the start of every client's settings. */
    public Map<String, Object> clientProperties() {
        return ClusterSettings.kafkaClient(bootstrapServers, properties);
    }

    @Override
    public String toString() {
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", properties=" + ClientSecrets.redacted(properties)
                + ", transactionalIdPrefix=" + transactionalIdPrefix + "]";
    }
}
