package dev.numbers.connector.operation;

import java.time.Instant;

/**
 * What the intent ledger knows about earlier executions of a request. {@code mayHaveRun}: a STARTED intent without
 * a result exists, so a crashed run may have reached the provider and the call is looked up before it is posted.
 * {@code since}: when the first of those executions started, which bounds the lookup. {@code candidate}: the number a
 * search-and-purchase recorded before buying it, which a resumed run reconciles instead of searching again, or the
 * number (else id) a release recorded before its DELETE, without which a resumed release that finds nothing deleted
 * nothing.
 * {@code settles}: when nothing an earlier claimer sent can still be performed (null when nothing is in flight): a
 * lookup before then may find the call and answer at once, but only one after it may let the call be posted again.
 *
 * <p>The ledger writes it and every provider call reads it, so it lives beside the operation both speak of: in
 * {@code ledger} it would make the provider clients depend on the ledger, in {@code provider} the other way round.
 */
public record PriorAttempts(boolean mayHaveRun, Instant since, String candidate, Instant settles) {

    public PriorAttempts(final boolean mayHaveRun, final Instant since) {
        this(mayHaveRun, since, null, null);
    }

    public PriorAttempts(final boolean mayHaveRun, final Instant since, final String candidate) {
        this(mayHaveRun, since, candidate, null);
    }

    public static PriorAttempts none(final Instant now) {
        return new PriorAttempts(false, now);
    }
}
