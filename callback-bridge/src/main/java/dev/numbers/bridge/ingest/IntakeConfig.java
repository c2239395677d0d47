package dev.numbers.bridge.ingest;

import dev.numbers.bridge.config.Settings;
import dev.numbers.schemas.topics.TopicNames;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Where and how the intake writes verified webhooks. The keys stay under {@code bridge.kafka} where users have set
 * them since the first release; the connection settings under the same prefix are
 * {@link dev.numbers.bridge.kafka.KafkaConfig}'s.
 *
 * @param rawTopic       topic of verified raw webhooks ({@code bridge.kafka.raw-topic})
 * @param produceTimeout how long an acknowledgement may take before the provider gets 503 and retries
 *                       ({@code bridge.kafka.produce-timeout})
 * @param linger         how long the producer waits to put concurrent webhooks into one request
 *                       ({@code bridge.kafka.linger}): the answer waits for the acknowledgement anyway, and fewer,
 *                       larger requests cost the producer and the broker less per webhook (5 ms took a third off the
 *                       intake producer's CPU per webhook at 1,000 webhooks/s in the bridge benchmark, but every
 *                       answer waits that long, which halved a closed loop of 32 connections: kept at 2 ms)
 */
@ConfigurationProperties(IntakeConfig.PREFIX)
public record IntakeConfig(
        @Bindable(defaultValue = TopicNames.RAW_WEBHOOKS) String rawTopic,
        @Bindable(defaultValue = "5s") Duration produceTimeout,
        @Bindable(defaultValue = "2ms") Duration linger) {

    public static final String PREFIX = "bridge.kafka";

    public IntakeConfig {
        Settings.required(PREFIX + ".raw-topic", rawTopic);
        Settings.positive(PREFIX + ".produce-timeout", produceTimeout);
        Settings.notNegative(PREFIX + ".linger", linger);
    }
}
