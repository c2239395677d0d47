package dev.numbers.connector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/** Kafka topic names and the consumer group of the connector (prefix {@code connector.topics}). */
@Context
@ConfigurationProperties("connector.topics")
public record TopicsConfig(
        @Bindable(defaultValue = "numbers.requests") @NotBlank String requests,
        @Bindable(defaultValue = "numbers.results") @NotBlank String results,
        @Bindable(defaultValue = "numbers.requests.dlq") @NotBlank String dlq,
        @Bindable(defaultValue = "numbers.connector.intents") @NotBlank String intents,
        @Bindable(defaultValue = "numbers.connector.quotas") @NotBlank String quotas,
        @Bindable(defaultValue = "numbers-connector") @NotBlank String groupId) {
}
