package dev.numbers.connector.sim;

import dev.numbers.connector.ledger.LedgerEntry;
import java.time.Instant;

/**
 * One committed record of the simulated intents topic: a claim's STARTED (claimant, lease, when written) or a
 * result's COMPLETED. The offset is its index in {@link World#intents}.
 */
record Intent(String requestId, LedgerEntry entry, String claimant, Instant leaseUntil, Instant writtenAt) {

    boolean completed() {
        return entry instanceof LedgerEntry.Completed;
    }
}
