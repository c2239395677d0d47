package dev.numbers.connector.provider;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Search-and-purchase (prefix {@code connector.search}). A Telnyx search-and-order waits up to
 * {@code telnyxOrderWait} for its number order to leave {@code pending}, reading it every {@code telnyxOrderPoll}:
 * an order that ends in failure falls back to the next candidate; one still pending after the wait is answered
 * SUCCEEDED with status pending, and the bridge reports how it ends. 0 does not wait (the behaviour before).
 *
 * @param telnyxOrderWait how long a Telnyx search-and-purchase waits for its number order to leave {@code pending}; 0
 *                        does not wait
 * @param telnyxOrderPoll how often the order is read meanwhile
 */
@Context
@ConfigurationProperties("connector.search")
public record SearchConfig(
        @Bindable(defaultValue = "30s") @NotNull Duration telnyxOrderWait,
        @Bindable(defaultValue = "500ms") @NotNull Duration telnyxOrderPoll) {

    public static SearchConfig defaults() {
        return new SearchConfig(Duration.ofSeconds(30), Duration.ofMillis(500));
    }
}
