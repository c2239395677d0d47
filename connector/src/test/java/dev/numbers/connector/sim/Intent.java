package dev.numbers.connector.sim;

import dev.numbers.connector.ledger.LedgerEntry;
import java.time.Instant;

/**
 * One committed record of the simulated intents topic: a claim's STARTED (claimant, lease, when written) or a
 * result's COMPLETED, or a tombstone. The offset is its index in {@link World#intents}.
 */
record Intent(String requestId, LedgerEntry entry, String claimant, Instant leaseUntil, Instant writtenAt) {

    /** The expiry's tombstone of a COMPLETED whose request left the dedupe window. */
    static Intent tombstone(final String requestId, final Instant writtenAt) {
        return new Intent(requestId, null, null, null, writtenAt);
    }

    boolean completed() {
        return entry instanceof LedgerEntry.Completed;
    }

    boolean tombstone() {
        return entry == null;
    }
}
