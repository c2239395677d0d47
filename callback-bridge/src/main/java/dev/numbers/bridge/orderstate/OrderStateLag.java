package dev.numbers.bridge.orderstate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * {@code bridge.orderstate.lag}: from the webhook's receipt (the raw record's {@code received_at}) to the emission of
 * its order-state event by the topology. Consumers reading {@code read_committed} see the event after the next
 * Streams commit, so their lag is this plus up to one commit interval.
 */
public final class OrderStateLag {

    private final Timer timer;
    private final Clock clock;

    public OrderStateLag(final MeterRegistry meters, final Clock clock) {
        this.clock = clock;
        this.timer = Timer.builder("bridge.orderstate.lag")
                .description("time from a webhook's receipt to the emission of its order-state event")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    void emitted(final StateChange change) {
        // 0: a record from before the field existed, whose receipt time is not known
        if (change.receivedAtMillis() > 0) {
            timer.record(Math.max(0, clock.millis() - change.receivedAtMillis()), TimeUnit.MILLISECONDS);
        }
    }
}
