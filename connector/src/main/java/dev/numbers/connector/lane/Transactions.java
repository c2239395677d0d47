package dev.numbers.connector.lane;

import java.time.Duration;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What a lane uses of a transactional producer: append to topic partitions inside a transaction that commits or
 * aborts atomically, under a transactional id whose {@link #init} fences every earlier writer of that id (its open
 * transaction is aborted, its later calls fail). {@link KafkaTransactions} is the broker's; the unit tests and the
 * simulation run the same claim and quota decisions over partitions held in memory. One thread at a time.
 *
 * <p>Failures are the broker's exceptions: a commit that timed out may have committed or not ({@code
 * TimeoutException}; the writer is then replaced, and readers learn the outcome from the partitions); a fenced writer
 * throws {@code ProducerFencedException} on every later call.
 */
public interface Transactions {

    /** Where an appended record landed. */
    record Appended(int partition, long offset) {
    }

    /** Registers the transactional id, fencing any earlier writer of it. */
    void init();

    void begin();

    /** Appends {@code record} to its partition (set by the caller) inside the open transaction. */
    Future<Appended> append(ProducerRecord<byte[], byte[]> record);

    void commit();

    void abort();

    /** Closes, waiting up to {@code wait} for what is still being sent. */
    void close(Duration wait);
}
