package dev.numbers.connector.ratelimit;

/**
 * Hands out send times one permit apart at a rate that may change on every call, and holds all of them back while
 * the provider asked for a pause. No permits are stored while idle, so a quiet account never bursts: a provider's
 * sliding-second or small-bucket limit sees at most the rate in any second.
 *
 * <p>Written here rather than taken from a library on purpose: Resilience4j's limiter cannot change its refresh
 * period at run time (a fractional share such as 33.3/s needs one permit every 30 ms), and Guava's stores up to a
 * second of permits while idle, with no public setting to turn that burst off. All times are {@link System#nanoTime}.
 */
final class Pacer {

    private long nextFree = Long.MIN_VALUE;
    private long pausedUntil = Long.MIN_VALUE;

    /** Reserves the next send time at {@code permitsPerSecond} (above zero); the caller waits until then. */
    synchronized long reserve(final double permitsPerSecond, final long now) {
        final long slot = Math.max(now, Math.max(nextFree, pausedUntil));
        nextFree = slot + (long) (1_000_000_000L / permitsPerSecond);
        return slot;
    }

    /** Nothing is sent before {@code until}; a shorter pause never shortens a longer one. */
    synchronized void pauseUntil(final long until) {
        pausedUntil = Math.max(pausedUntil, until);
    }

    /** True when a pause asked for after {@code slot} was reserved still covers it: the permit must be taken again. */
    synchronized boolean pausedAt(final long slot) {
        return pausedUntil > slot;
    }
}
