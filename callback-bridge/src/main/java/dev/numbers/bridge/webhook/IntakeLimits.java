package dev.numbers.bridge.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Bounds on the fields the order-state topology uses, checked at intake (400) and again when the topology reads a raw
 * record (dead letter): a value the topology cannot hold must never reach it. Keys under
 * {@code bridge.webhooks.limits}.
 *
 * @param maxIdLength       longest id (project, brand, campaign, order, assignment, phone number id, event id)
 * @param maxTextLength     longest free text kept (event type, category, Telnyx customer reference)
 * @param earliestEventYear event times before this year are refused: 10DLC did not exist, so it is junk
 * @param maxFutureSkew     how far an event time may lie ahead of the bridge's clock: a far-future event would make
 *                          every later real event of its object look stale, freezing its state
 */
@ConfigurationProperties(IntakeLimits.PREFIX)
public record IntakeLimits(
        @Min(8) @Max(1024) @Bindable(defaultValue = "128") int maxIdLength,
        @Min(16) @Max(4096) @Bindable(defaultValue = "256") int maxTextLength,
        @Min(1970) @Max(2100) @Bindable(defaultValue = "2000") int earliestEventYear,
        @NotNull @Bindable(defaultValue = "1h") Duration maxFutureSkew) {

    public static final String PREFIX = "bridge.webhooks.limits";

    /** The defaults above, for code built outside the application context (the topology's tests). */
    public static IntakeLimits defaults() {
        return new IntakeLimits(128, 256, 2000, Duration.ofHours(1));
    }
}
