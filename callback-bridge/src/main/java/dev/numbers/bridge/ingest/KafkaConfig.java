package dev.numbers.bridge.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import dev.numbers.schemas.cluster.ClientSecrets;
import dev.numbers.schemas.cluster.ClusterSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Where the bridge writes. Keys live under {@code bridge.kafka}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl      Confluent-API schema registry base URL
 * @param rawTopic         topic of verified raw webhooks
 * @param produceTimeout   how long an acknowledgement may take before the provider gets 503 and retries
 * @param linger           how long the producer waits to put concurrent webhooks into one request: the answer waits
 *                         for the acknowledgement anyway, and fewer, larger requests cost the producer and the broker
 *                         less per webhook (5 ms took a third off the intake producer's CPU per webhook at
 *                         1,000 webhooks/s in the bridge benchmark, but every answer waits that long, which halved
 *                         a closed loop of 32 connections: kept at 2 ms)
 * @param properties       further Kafka client and registry settings passed through as they are (SASL, TLS,
 *                         {@code basic.auth.user.info}, ...; any as {@code <key>-file}): see {@link ClusterSettings}
 */
@ConfigurationProperties("bridge.kafka")
public record KafkaConfig(
        @NotBlank String bootstrapServers,
        @NotBlank String registryUrl,
        @NotBlank @Bindable(defaultValue = "numbers.webhooks.raw") String rawTopic,
        @NotNull @Bindable(defaultValue = "5s") Duration produceTimeout,
        @NotNull @Bindable(defaultValue = "2ms") Duration linger,
        @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT) Map<String, String> properties) {

    public Map<String, String> passthrough() {
        return properties == null ? Map.of() : properties;
    }

    /**
     * The one place every bridge client (intake, Streams, poller, admin, registry) takes its connection settings from.
     */
    public ClusterSettings cluster() {
        return new ClusterSettings(bootstrapServers, registryUrl, passthrough());
    }

    @Override
    public String toString() {
        // passthrough properties may hold SASL passwords
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl + ", rawTopic="
                + rawTopic + ", produceTimeout=" + produceTimeout + ", linger=" + linger
                + ", properties=" + ClientSecrets.redacted(passthrough()) + "]";
    }
}
