package dev.numbers.connector.ledger;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The request_id claim (prefix {@code connector.claims}, see {@link Claims}). {@code lease}: how long a claim stays
 * live without renewal; a claimer renews it before any provider call once half of it is gone, and a crashed claimer's
 * duplicates wait at most this long (plus the margin) before another instance looks the call up and takes over.
 * {@code clockMargin}: the largest clock difference between two instances the protocol tolerates. A provider call must
 * end within lease/2 - clockMargin (the HTTP read timeout is far below that with the defaults). The claim producers'
 * transaction timeout is lease/2 ({@link #transactionTimeout}). {@code fenceScanLimit}: the most records a claim writer
 * reads uncommitted between its tail's position and its STARTED to decide without waiting for earlier transactions
 * ({@link ClaimFence}); a longer range (the tail far behind) waits as before, and 0 always waits.
 *
 * @param lease how long a request_id claim stays live without renewal
 * @param clockMargin the largest clock difference between two instances the claims tolerate
 * @param fenceScanLimit most records a claim writer reads uncommitted to decide without waiting; 0 always waits
 * @param providerMargin how long after a call's HTTP request time-out the provider may still perform it; a claim that
 *        ended without a result counts as possibly in flight until lease, clock margin, request time-out and this
 *        margin have passed ({@link ClaimLife}), and a post of this process whose outcome is unknown until its
 *        request time-out and this margin have; only a lookup after that may let the call be posted again
 */
@Context
@ConfigurationProperties("connector.claims")
public record ClaimConfig(
        @Bindable(defaultValue = "60s") Duration lease,
        @Bindable(defaultValue = "10s") Duration clockMargin,
        @Bindable(defaultValue = "10000") int fenceScanLimit,
        @Bindable(defaultValue = "20s") Duration providerMargin) {

    /**
     * How long a STARTED may stay in an open transaction before the broker aborts it: the longest a stalled claim
     * writer holds up the claims of others on its intents partition.
     */
    public Duration transactionTimeout() {
        return lease.dividedBy(2);
    }

    public ClaimConfig {
        if (lease.compareTo(clockMargin.multipliedBy(4)) < 0) {
            throw new IllegalArgumentException("connector.claims.lease (" + lease + ") must be at least four times"
                    + " connector.claims.clock-margin (" + clockMargin + ")");
        }
        if (providerMargin.isNegative()) {
            throw new IllegalArgumentException("connector.claims.provider-margin (" + providerMargin
                    + ") must not be negative");
        }
        if (fenceScanLimit < 0) {
            throw new IllegalArgumentException("connector.claims.fence-scan-limit (" + fenceScanLimit
                    + ") must be 0 or more");
        }
    }
}
