package dev.numbers.connector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * Behaviour of the request loop (prefix {@code connector}). {@code bridgeCallbackUrl} is sent as
 * status_callback_url on assignment orders that do not name one, so 10DLC callbacks reach the bridge.
 */
@io.micronaut.context.annotation.Context
@ConfigurationProperties("connector")
public record ConnectorConfig(
        @NotBlank String bridgeCallbackUrl,
        @Bindable(defaultValue = "256") @Min(1) @Max(100_000) int maxInFlight) {
}
