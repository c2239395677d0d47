package dev.numbers.connector.ledger;

import dev.numbers.schemas.avro.NumberResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The latest intent the ledger holds for one request_id. */
public sealed interface LedgerEntry {

    /**
     * An execution began and published nothing yet: it may have reached the provider. {@code candidate} is the
     * number a search-and-purchase was about to buy (null otherwise).
     */
    record Started(int attempt, Instant since, String candidate) implements LedgerEntry {
        public Started(final int attempt, final Instant since) {
            this(attempt, since, null);
        }
    }

    /**
     * The result is published; {@code source} is the request record it answered (absent on old intents);
     * {@code requestedAt} is the request's requested_at, which decides when the entry leaves the dedupe window.
     */
    record Completed(int attempt, Optional<RecordRef> source, StoredResult result, Instant requestedAt)
            implements LedgerEntry {
    }

    /**
     * Where a completed request's result is. Once committed only its position in the intents topic is kept in
     * memory (compaction never moves a record, and the COMPLETED intent stays the key's latest), so the mirror costs
     * a few dozen bytes per request_id instead of the whole result; it is read back for the rare duplicate.
     */
    sealed interface StoredResult {

        /**
         * Finished by this process, its result's transaction not committed yet. If the record's partition moved
         * meanwhile that transaction never comes: the record runs again and publishes this result itself, with the
         * quota {@code settlements} of the run that produced it (the quota admission was that run's, and is spent).
         */
        record Unpublished(NumberResult result, List<ProducerRecord<byte[], byte[]>> settlements)
                implements StoredResult {
            public Unpublished {
                settlements = List.copyOf(settlements);
            }
        }

        /** Kept in memory by a ledger that holds whole results (the in-memory ledgers the tests use). */
        record Held(NumberResult result) implements StoredResult {
        }

        /** The COMPLETED intent record in the intents topic. */
        record InTopic(int partition, long offset) implements StoredResult {
        }
    }
}
