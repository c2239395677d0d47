package dev.numbers.connector.ratelimit;

/**
 * How much of its share an instance uses after the provider said "too many": cut to {@link #DECREASE} of itself on
 * each refusal (at most once per {@link #SETTLE}, since the refusals of calls already in flight all report the same
 * overshoot), never below {@link #FLOOR}, then climbing back linearly by {@code recoveryPerSecond} of the share each
 * second (additive increase, multiplicative decrease, as TCP does; 0.7 as CUBIC cuts, since the usual overshoot is a
 * clump of calls delayed together rather than a share that is too big). Computed when asked, so no timer runs. Times
 * are {@link System#nanoTime}.
 */
final class Aimd {

    static final double DECREASE = 0.7;
    static final double FLOOR = 0.05;
    static final long SETTLE = 1_000_000_000L;

    private final double recoveryPerSecond;
    private double factorAtDecrease = 1.0;
    private long decreasedAt;
    private boolean decreased;

    Aimd(final double recoveryPerSecond) {
        this.recoveryPerSecond = recoveryPerSecond;
    }

    /** The fraction of the share to use at {@code now}, in [{@link #FLOOR}, 1]. */
    synchronized double factor(final long now) {
        if (!decreased) {
            return 1.0;
        }
        final double recovered = factorAtDecrease + recoveryPerSecond * (now - decreasedAt) / 1e9;
        if (recovered >= 1.0) {
            decreased = false;
            return 1.0;
        }
        return recovered;
    }

    /** The provider refused (or will refuse) a call; true when this lowered the factor. */
    synchronized boolean decrease(final long now) {
        if (decreased && now - decreasedAt < SETTLE) {
            return false;
        }
        factorAtDecrease = Math.max(FLOOR, factor(now) * DECREASE);
        decreasedAt = now;
        decreased = true;
        return true;
    }
}
