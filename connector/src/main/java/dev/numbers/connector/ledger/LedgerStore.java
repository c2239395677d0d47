package dev.numbers.connector.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the ledger keeps its entries: one per request_id, plus, per intents partition, the offset up to which the
 * store already holds what the topic says (its checkpoint). Merging an incoming intent with the known entry is the
 * ledger's business ({@link IntentLedger}); a store only keeps what it is given.
 */
interface LedgerStore extends AutoCloseable {

    Optional<LedgerEntry> get(String requestId);

    /** This process's own write (its STARTED acknowledged, its COMPLETED committed). */
    void put(String requestId, LedgerEntry entry);

    /**
     * What one read of the intents topic brought: an empty value removes the request_id (a tombstone);
     * {@code positions} is, per partition read, the next offset to read. A durable store writes both at once, so
     * its checkpoint never claims more than it holds.
     */
    void apply(Map<String, Optional<LedgerEntry>> changes, Map<Integer, Long> positions);

    /** The checkpoint: per intents partition, the offset to read from next; empty for a new store. */
    Map<Integer, Long> positions();

    /** Up to {@code limit} completed request_ids whose request was made before {@code before}, oldest first. */
    List<String> completedBefore(Instant before, int limit);

    /** Removes these request_ids (expired ones whose tombstones are written). */
    void remove(List<String> requestIds);

    /** Number of entries (an estimate for a durable store). */
    long size();

    @Override
    void close();
}
