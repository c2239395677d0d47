package dev.numbers.connector.provider;

import dev.numbers.connector.concurrency.Pauses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long a post that got no settling answer (no answer, 5xx) may still be performed by the provider: its request
 * time-out plus the provider's processing margin ({@code connector.claims.provider-margin}), counted from when it was
 * sent. A lookup before then may miss the post, so it can find the resource but never license a post again; the
 * caller waits out the rest first. The same rule {@code ledger.ClaimLife} applies to the posts of another process.
 *
 * <p>One per process, shared by every client: it remembers which posts have not settled yet, by what they post, so a
 * later run of the same call in this process (its partition came back, its claim lapsed) waits for them as well.
 * Time comes in through the clock and the pause, so a test need not sleep.
 */
public final class InFlight {

    /** Between two checks of the claim while waiting: a stop or a revoked claim ends the wait this soon. */
    private static final Duration STEP = Duration.ofMillis(250);

    /** Waits the given time; false when interrupted. */
    @FunctionalInterface
    public interface Pause {
        boolean pause(Duration wait);
    }

    private final Duration window;
    private final Clock clock;
    private final Pause pause;
    private final Map<String, Instant> unsettled = new ConcurrentHashMap<>();

    /**
     * @param window the request time-out plus the provider's processing margin
     * @param clock  the clock the posts are stamped with
     * @param pause  waits the given time; false when interrupted (the connector is stopping)
     */
    public InFlight(final Duration window, final Clock clock, final Pause pause) {
        this.window = window;
        this.clock = clock;
        this.pause = pause;
    }

    /** The real clock and sleep: a post is in flight for {@code requestTimeout + providerMargin}. */
    public static InFlight of(final Duration requestTimeout, final Duration providerMargin) {
        return new InFlight(requestTimeout.plus(providerMargin), Clock.systemUTC(), Pauses::sleep);
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * A post of {@code key} sent at {@code sent} got no settling answer; returns from when nothing it started can
     * still be performed.
     */
    public Instant unsettled(final String key, final Instant sent) {
        final var now = clock.instant();
        // Settled entries are dropped as new ones come: the map holds only the posts of the last window.
        unsettled.values().removeIf(at -> !at.isAfter(now));
        return unsettled.merge(key, sent.plus(window), (a, b) -> b.isAfter(a) ? b : a);
    }

    /** When the posts of {@code key} this process sent settle; null when they have (or there were none). */
    public Instant settles(final String key) {
        final var at = unsettled.get(key);
        return at == null || !at.isAfter(clock.instant()) ? null : at;
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
}
