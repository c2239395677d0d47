package dev.numbers.connector.provider;

import java.time.Instant;

/**
 * What the intent ledger knows about earlier executions of a request. {@code mayHaveRun}: a STARTED intent without
 * a result exists, so a crashed run may have reached the provider and the call is looked up before it is posted.
 * {@code since}: when the first of those executions started, which bounds the lookup. {@code candidate}: the number a
 * search-and-purchase recorded before buying it, which a resumed run reconciles instead of searching again.
 */
public record PriorAttempts(boolean mayHaveRun, Instant since, String candidate) {

    public PriorAttempts(final boolean mayHaveRun, final Instant since) {
        this(mayHaveRun, since, null);
    }

    public static PriorAttempts none(final Instant now) {
        return new PriorAttempts(false, now);
    }
}
