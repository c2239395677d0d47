package dev.numbers.connector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka client settings (prefix {@code connector.kafka}). {@code properties} is passed through untouched to the
 * consumer and producer, so SASL/TLS settings work without code changes; the connector only sets what its
 * guarantees depend on (isolation level, transactions, manual commits).
 */
@io.micronaut.context.annotation.Context
@ConfigurationProperties("connector.kafka")
public record KafkaConfig(
        @NotBlank String bootstrapServers,
        @MapFormat(transformation = MapFormat.MapTransformation.FLAT, keyFormat = io.micronaut.core.naming.conventions.StringConvention.RAW)
        Map<String, String> properties,
        @Bindable(defaultValue = "numbers-connector") @NotBlank String transactionalIdPrefix) {

    public KafkaConfig {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    @Override
    public String toString() {
        final var shown = new TreeMap<String, String>();
        properties.forEach((key, value) -> shown.put(key, Redaction.isSecretKey(key) ? Redaction.MASK : value));
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", properties=" + shown
                + ", transactionalIdPrefix=" + transactionalIdPrefix + "]";
    }
}
