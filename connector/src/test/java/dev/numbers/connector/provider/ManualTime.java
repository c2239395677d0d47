package dev.numbers.connector.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when the code under test pauses: waits are measured without sleeping. */
final class ManualTime extends Clock {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-05T10:00:00Z"));
    private final AtomicReference<Duration> paused = new AtomicReference<>(Duration.ZERO);

    /** The window of {@link InFlight} on this clock, its pause moving the clock on. */
    InFlight inFlight(final Duration window) {
        return new InFlight(window, this, wait -> {
            now.updateAndGet(at -> at.plus(wait));
            paused.updateAndGet(total -> total.plus(wait));
            return true;
        });
    }

    /** How long the code under test paused in all. */
    Duration paused() {
        return paused.get();
    }

    @Override
    public Instant instant() {
        return now.get();
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
