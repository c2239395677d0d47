package dev.numbers.connector.config;

import dev.numbers.schemas.topics.TopicNames;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import io.micronaut.context.annotation.Context;

/**
 * Kafka topic names and the consumer group of the connector (prefix {@code connector.topics}); the default names are
 * the topic catalogue's ({@link TopicNames}).
 *
 * @param requests topic the requests are read from
 * @param results topic the results are written to
 * @param dlq topic for request records that cannot be decoded
 * @param intents the intent ledger's compacted topic, created when missing
 * @param quotas the quota counts' compacted topic, created when missing and only used when quotas are on
 * @param groupId the connector's consumer group
 */
@Context
@ConfigurationProperties("connector.topics")
public record TopicsConfig(
        @Bindable(defaultValue = TopicNames.REQUESTS) @NotBlank String requests,
        @Bindable(defaultValue = TopicNames.RESULTS) @NotBlank String results,
        @Bindable(defaultValue = TopicNames.REQUESTS_DLQ) @NotBlank String dlq,
        @Bindable(defaultValue = TopicNames.INTENTS) @NotBlank String intents,
        @Bindable(defaultValue = TopicNames.QUOTAS) @NotBlank String quotas,
        @Bindable(defaultValue = "numbers-connector") @NotBlank String groupId) {
}
