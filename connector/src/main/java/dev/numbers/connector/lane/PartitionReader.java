package dev.numbers.connector.lane;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a follower uses of a read_committed consumer: every partition of one topic, read from its beginning in offset
 * order, never past a partition's last stable offset (the first record of a transaction still open), aborted records
 * skipped. {@link KafkaPartitionReader} is the broker's; tests read partitions held in memory. One thread, except
 * {@link #wakeup}.
 */
public interface PartitionReader {

    /** Reads every partition of {@code topic} from its beginning. */
    void assignFromBeginning(String topic, int partitions);

    /** What is readable now, waiting up to {@code timeout} for something; {@code WakeupException} once woken. */
    List<ConsumerRecord<byte[], byte[]>> poll(Duration timeout);

    /** The next read of {@code partition} starts at {@code offset}. */
    void seek(int partition, long offset);

    /** The offset the next read of {@code partition} starts at. */
    long position(int partition);

    /** Ends a {@link #poll} in progress (or the next one); from any thread. */
    void wakeup();

    void close(Duration wait);
}
