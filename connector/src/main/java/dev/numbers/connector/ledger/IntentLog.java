package dev.numbers.connector.ledger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The intents topic as the ledger reads it on the poll thread (catch-up, advance) and on request threads (a stored
 * result read back). {@link IntentReader} is the broker's; a unit test of the whole core reads partitions held in
 * memory instead.
 */
interface IntentLog extends AutoCloseable {

    /**
     * Applies one poll's records with the position reached in each partition; answers the partitions it could not
     * finish for now (the schema registry away) with the offset to read each again from.
     */
    interface Applier {
        Map<Integer, Long> apply(List<ConsumerRecord<byte[], byte[]>> records, Map<Integer, Long> positions);
    }

    /**
     * Told why, while something no timeout ends holds a catch-up: a hanging transaction ({@link OpenTransactions}) or
     * a schema registry that cannot decode intents for now.
     */
    @FunctionalInterface
    interface Hanging {
        void held(String why);
    }

    /** The record at {@code offset}, which the caller knows is committed; empty when the topic no longer has it. */
    Optional<ConsumerRecord<byte[], byte[]>> fetch(int partition, long offset);

    /**
     * Hands every intent record up to the topic's current end to {@code apply}, one poll at a time; a partition read
     * for the first time starts at its position in {@code from} (the store's checkpoint), or at the beginning. False
     * when stopped first.
     */
    boolean catchUp(Map<Integer, Long> from, Applier apply, BooleanSupplier stopping, Hanging hanging)
            throws InterruptedException;

    /** Between catch-ups: applies what is readable now, for at most {@code budget}, waiting for nothing. */
    void advance(Applier apply, Duration budget);

    /** True once the first catch-up assigned the partitions: from then on {@link #advance} reads. */
    boolean following();

    /** Moves past records the ledger got another way (the claims' tail). */
    void skipTo(Map<Integer, Long> positions);

    @Override
    void close();
}
