package dev.numbers.connector.provider;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How long a provider call may take and how hard the connector tries (prefix {@code connector.retry}).
 * {@code maxAttempts} counts HTTP calls, so 1 means no retry; Retry-After longer than {@code maxBackoff} is capped.
 *
 * @param maxAttempts HTTP calls per request at most, the first included (1: no retry); 4xx is never retried
 * @param initialBackoff wait before the first retry of a 429, 5xx or timeout
 * @param multiplier factor the wait grows by after each retry
 * @param maxBackoff longest wait between two calls; a longer Retry-After is capped to it
 * @param requestTimeout how long one provider call may take before it counts as a timeout (ambiguous: looked up before
 *                       a retry)
 */
@Context
@ConfigurationProperties("connector.retry")
public record RetryConfig(
        @Bindable(defaultValue = "10") @Min(1) int maxAttempts,
        @Bindable(defaultValue = "200ms") @NotNull Duration initialBackoff,
        @Bindable(defaultValue = "2.0") @DecimalMin("1.0") double multiplier,
        @Bindable(defaultValue = "30s") @NotNull Duration maxBackoff,
        @Bindable(defaultValue = "10s") @NotNull Duration requestTimeout) {
}
