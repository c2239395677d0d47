package dev.numbers.connector.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a claim on the board still stands in the way of another claimer. A claim is held while its lease lasts
 * (plus the clock margin); after that its holder sends nothing more, but the provider may still perform a call the
 * holder sent before: until that call's request time-out plus the provider's processing margin ({@code inFlight})
 * has passed. Only then can a lookup at the provider tell whether the call was performed, so only then may another
 * claimer look it up and post.
 *
 * <p>The same holds for an earlier incarnation of this very instance: that process is gone, but what it sent may still
 * be performed. It sent nothing after this incarnation started ({@code incarnationStart}: only one process runs under
 * an instance id at a time), which bounds its last call more tightly than its lease.
 *
 * @param instance         this process's instance id (the claimant names are {@code instance/incarnation})
 * @param incarnationStart when this incarnation started
 * @param clockMargin      the largest clock difference between two instances the protocol tolerates
 * @param inFlight         the request time-out plus the provider's processing margin
 */
public record ClaimLife(String instance, Instant incarnationStart, Duration clockMargin, Duration inFlight) {

    public static ClaimLife of(final ClaimConfig config, final String instance, final Instant incarnationStart,
                        final Duration requestTimeout) {
        return new ClaimLife(instance, incarnationStart, config.clockMargin(),
                requestTimeout.plus(config.providerMargin()));
    }

    /** How far back a restarted reader must look to learn every claim that may still stand in the way. */
    public Duration lookback(final Duration lease) {
        // A STARTED is written at most one lease before its lease ends, stamped by its writer's clock.
        return lease.plus(clockMargin.multipliedBy(2)).plus(inFlight);
    }

    /**
     * True while {@code hold}'s claimant may still send a call: nobody else may take the request over before then.
     * After it, a taker may look the call up at once (found answers the request) but posts only after
     * {@link #settledAt}.
     */
    boolean holds(final ClaimBoard.Hold hold, final Instant now) {
        return now.isBefore(lastSend(hold.claimant(), hold.leaseUntil()));
    }

    /** From when nothing {@code hold}'s claimant sent can still be performed. */
    Instant settledAt(final ClaimBoard.Hold hold) {
        return settledAt(hold.claimant(), hold.leaseUntil());
    }

    /** From when nothing {@code claimant}, holding a claim until {@code leaseUntil}, sent can still be performed. */
    public Instant settledAt(final String claimant, final Instant leaseUntil) {
        return lastSend(claimant, leaseUntil).plus(inFlight);
    }

    /** The last moment {@code claimant}, holding a claim until {@code leaseUntil}, may send a call. */
    public Instant lastSend(final String claimant, final Instant leaseUntil) {
        final var lastSend = leaseUntil.plus(clockMargin);
        return earlierIncarnation(claimant) && incarnationStart.isBefore(lastSend) ? incarnationStart : lastSend;
    }

    private boolean earlierIncarnation(final String claimant) {
        final int slash = claimant.lastIndexOf('/');
        return slash > 0 && claimant.substring(0, slash).equals(instance);
    }
}
