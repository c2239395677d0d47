package dev.numbers.connector.concurrency;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/**
 * How the in-flight limit adapts (prefix {@code connector.concurrency}). The limit starts at {@code initialLimit},
 * never goes below {@code minLimit}, and never above the ceiling: {@code connector.max-in-flight} when set, and the
 * heap ({@code -Xmx}) divided by {@code memoryPerRequest} always. {@code rttTolerance} is how much slower than usual a
 * request may finish before the limit is lowered.
 *
 * @param initialLimit requests in flight at start, before the limit adapts
 * @param minLimit the lowest the limit goes
 * @param memoryPerRequest heap counted per request in flight: the limit never exceeds {@code -Xmx} divided by it
 * @param rttTolerance how much slower than usual requests may finish before the limit is lowered
 */
@Context
@ConfigurationProperties(ConcurrencyConfig.PREFIX)
public record ConcurrencyConfig(
        @Bindable(defaultValue = "64") @Min(1) int initialLimit,
        @Bindable(defaultValue = "16") @Min(1) int minLimit,
        @ReadableBytes @Bindable(defaultValue = "384KB") @Min(1024) long memoryPerRequest,
        @Bindable(defaultValue = "2.0") @DecimalMin("1.0") double rttTolerance) {

    public static final String PREFIX = "connector.concurrency";

    /** The defaults, for code that builds a loop without Micronaut. */
    public static ConcurrencyConfig defaults() {
        return new ConcurrencyConfig(64, 16, 384 * 1024, 2.0);
    }
}
