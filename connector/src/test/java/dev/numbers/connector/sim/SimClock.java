package dev.numbers.connector.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Simulated time: it moves only when the scheduler moves it, so a schedule replays to the millisecond. */
final class SimClock extends Clock {

    private Instant now;

    SimClock(final Instant start) {
        this.now = start;
    }

    void advance(final Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(final ZoneId zone) {
        return this;
    }
}
