package dev.numbers.connector.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a post that got no settling answer (no answer, 5xx) may still be performed by the provider: its request
 * time-out plus the provider's processing margin ({@code connector.claims.provider-margin}), counted from when it was
 * sent. A lookup before then may miss the post, so it can find the resource but never license a post again; the
 * caller waits out the rest first. The same rule {@code ledger.ClaimLife} applies to the posts of another process.
 * Time comes in through {@code clock} and {@code pause}, so a test need not sleep.
 *
 * @param window the request time-out plus the provider's processing margin
 * @param clock  the clock the posts are stamped with
 * @param pause  waits the given time; false when interrupted (the connector is stopping)
 */
public record InFlight(Duration window, Clock clock, Pause pause) {

    /** Between two checks of the claim while waiting: a stop or a revoked claim ends the wait this soon. */
    private static final Duration STEP = Duration.ofMillis(250);

    /** Waits the given time; false when interrupted. */
    @FunctionalInterface
    public interface Pause {
        boolean pause(Duration wait);
    }

    /** The real clock and sleep: a post is in flight for {@code requestTimeout + providerMargin}. */
    public static InFlight of(final Duration requestTimeout, final Duration providerMargin) {
        return new InFlight(requestTimeout.plus(providerMargin), Clock.systemUTC(), InFlight::sleep);
    }

    public Instant now() {
        return clock.instant();
    }

    /** From when nothing a post sent at {@code sent} can still be performed. */
    public Instant settledAt(final Instant sent) {
        return sent.plus(window);
    }

    /**
     * Waits until {@code until}, asking {@code claim} before every step: a stop or a revoked claim ends the wait with
     * {@link CallClaim.Revoked}, and a long wait renews the claim as any call does.
     */
    public void awaitUntil(final Instant until, final CallClaim claim) {
        while (true) {
            claim.check();
            final var left = Duration.between(clock.instant(), until);
            if (left.isNegative() || left.isZero()) {
                return;
            }
            if (!pause.pause(left.compareTo(STEP) < 0 ? left : STEP)) {
                throw new CallClaim.Revoked("interrupted while waiting for an earlier post to settle");
            }
        }
    }

    private static boolean sleep(final Duration wait) {
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
