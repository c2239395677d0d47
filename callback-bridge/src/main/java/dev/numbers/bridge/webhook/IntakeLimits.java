package dev.numbers.bridge.webhook;

import dev.numbers.bridge.config.Settings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
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
        @Bindable(defaultValue = "128") int maxIdLength,
        @Bindable(defaultValue = "256") int maxTextLength,
        @Bindable(defaultValue = "2000") int earliestEventYear,
        @Bindable(defaultValue = "1h") Duration maxFutureSkew) {

    public static final String PREFIX = "bridge.webhooks.limits";

    public IntakeLimits {
        Settings.within(PREFIX + ".max-id-length", maxIdLength, 8, 1024);
        Settings.within(PREFIX + ".max-text-length", maxTextLength, 16, 4096);
        Settings.within(PREFIX + ".earliest-event-year", earliestEventYear, 1970, 2100);
        Settings.present(PREFIX + ".max-future-skew", maxFutureSkew);
    }

    /** The defaults above, for code built outside the application context (the topology's tests). */
    public static IntakeLimits defaults() {
        return new IntakeLimits(128, 256, 2000, Duration.ofHours(1));
    }
}
