package dev.numbers.connector.loop;

import java.time.Duration;

/** Doubling waits with a ceiling, so a refusal that repeats is asked about less and less often, never in a hot loop. */
final class Backoff {

    private Backoff() {
    }

    static Duration next(final Duration current, final Duration max) {
        final var doubled = current.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
