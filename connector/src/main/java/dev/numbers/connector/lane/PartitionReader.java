package dev.numbers.connector.lane;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a follower uses of a consumer without a group: every partition of one topic, read in offset order. A
 * read_committed reader (the followers') never passes a partition's last stable offset (the first record of a
 * transaction still open) and skips aborted records; a read_uncommitted one (the claim fence's) reads every record
 * appended, open, committed or aborted. {@link KafkaPartitionReader} is the broker's; tests read partitions held in
 * memory. One thread, except {@link #wakeup}.
 */
public interface PartitionReader {

    /** Reads every partition of {@code topic} from its beginning. */
    void assignFromBeginning(String topic, int partitions);

    /**
     * Reads every partition {@code topic} has now, each from its first record stamped at or after {@code since} (from
     * its end when it has none); answers how many partitions that is.
     */
    int assignSince(String topic, Instant since);

    /** What is readable now, waiting up to {@code timeout} for something; {@code WakeupException} once woken. */
    List<ConsumerRecord<byte[], byte[]>> poll(Duration timeout);

    /** The next read of {@code partition} starts at {@code offset}. */
    void seek(int partition, long offset);

    /** The offset the next read of {@code partition} starts at. */
    long position(int partition);

    /** No record of these partitions is read until they are resumed; their positions stay. */
    void pause(Collection<Integer> partitions);

    void resume(Collection<Integer> partitions);

    /** Ends a {@link #poll} in progress (or the next one); from any thread. */
    void wakeup();

    void close(Duration wait);
}
