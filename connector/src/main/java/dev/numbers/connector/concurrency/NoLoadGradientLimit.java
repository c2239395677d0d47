package dev.numbers.connector.concurrency;

import com.netflix.concurrency.limits.limit.AbstractLimit;

/**
 * The in-flight limit rule, a {@link com.netflix.concurrency.limits.Limit} of Netflix's concurrency-limits. Once per
 * round (at least 10 finished requests, and half the limit's worth of them or one unloaded request time, whichever
 * comes first), when the round actually used the limit:
 *
 * <pre>  f = gradient + 1/8,  gradient = clamp(tolerance × noLoad / roundAverage, 0.5, 1)
 *  limit := limit × f         when f ≥ 1
 *  limit := limit × (1 + f)/2  when f &lt; 1 (half the step down)</pre>
 *
 * where {@code noLoad} is the fastest request seen. While requests finish about as fast as they do unloaded the limit
 * grows by 1/8 per round; when more in flight only means more waiting, the limit is brought to about
 * {@code tolerance × noLoad × rate × 8/7} within a few rounds: ~46 for a 100/s account at 200 ms, where 20 already
 * keep the account busy, instead of the thousands a fixed cap lets queue for permits.
 *
 * <p>{@code noLoad} is learned again only at the floor: when even a round that never had more than {@code minLimit}
 * in flight finished nothing within {@code tolerance × noLoad}, the provider itself became slower, and that round's
 * fastest request is the new unloaded time. Re-learning it at any limit would take a rate-limited queue's wait for
 * the provider's time, and the limit would ratchet up window after window (an early version did: 46, then 130 after
 * two minutes).
 *
 * <p>Why not the library's own rules (docs/connector.md): Gradient2, tried first against the simulated provider of
 * RequestSlotsTest, compares each sample with a long average of the samples, which rises with the queue it causes,
 * so behind a rate limiter it grew to the ceiling. Vegas and AIMD were ruled out on paper, not run: Vegas counts
 * {@code limit × (1 − noLoad/rtt)} as queue, so the loop's fixed transaction overhead (tens of ms on 200 ms) would
 * hold it near 60 in flight, a quarter of what an unlimited provider allows; AIMD adds 1 per sample and cuts on
 * every congested sample, which with a round trip of delay overshoots both ways.
 */
final class NoLoadGradientLimit extends AbstractLimit {

    private static final int MIN_ROUND = 10;
    private static final double GROWTH = 1.0 / 8;

    private final int minLimit;
    private final int maxLimit;
    private final double tolerance;

    private double limit;
    private long roundStart = Long.MIN_VALUE;
    private long roundSamples;
    private long roundRttSum;
    private int roundMaxInFlight;
    private long roundFastest = Long.MAX_VALUE;
    private long noLoad = Long.MAX_VALUE;

    NoLoadGradientLimit(final int initialLimit, final int minLimit, final int maxLimit, final double tolerance) {
        super(initialLimit);
        this.limit = initialLimit;
        this.minLimit = minLimit;
        this.maxLimit = maxLimit;
        this.tolerance = tolerance;
    }

    @Override
    protected int _update(final long startTime, final long rtt, final int inflight, final boolean didDrop) {
        final long now = startTime + rtt;
        roundFastest = Math.min(roundFastest, Math.max(1, rtt));
        noLoad = Math.min(noLoad, roundFastest);
        if (roundStart == Long.MIN_VALUE) {
            roundStart = now;
        }
        roundSamples++;
        roundRttSum += rtt;
        roundMaxInFlight = Math.max(roundMaxInFlight, inflight);
        // Behind a rate limit half the limit's worth of requests can take many seconds to finish: a round is also over
        // after one unloaded request time, so the limit follows within a fraction of a second either way.
        if (roundSamples < MIN_ROUND || roundSamples < (long) limit / 2 && now - roundStart < noLoad) {
            return (int) limit;
        }
        final double average = (double) roundRttSum / roundSamples;
        // A round that never used half the limit says nothing about a larger one.
        if (roundMaxInFlight * 2 >= (int) limit) {
            final double gradient = Math.max(0.5, Math.min(1.0, tolerance * noLoad / average));
            if (roundMaxInFlight <= minLimit && roundFastest > tolerance * noLoad) {
                noLoad = roundFastest;
            }
            final double factor = gradient + GROWTH;
            // Down by half the step only: a round's average describes requests started up to a round trip ago, and
            // the full step undershot to half the useful limit behind a rate limiter before the next round saw it.
            limit = Math.max(minLimit, Math.min(maxLimit, limit * (factor >= 1 ? factor : (1 + factor) / 2)));
        }
        roundFastest = Long.MAX_VALUE;
        roundStart = now;
        roundSamples = 0;
        roundRttSum = 0;
        roundMaxInFlight = 0;
        return (int) limit;
    }
}
