package dev.numbers.connector.lane;

import java.time.Duration;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What a plain (idempotent, not transactional) producer is used for: records appended one by one, each visible and
 * acknowledged on its own. {@link KafkaAppender} is the broker's; tests append to partitions held in memory.
 */
public interface Appender {

    /** Appends {@code record}; the future says where it landed once the partition has it. */
    Future<Transactions.Appended> append(ProducerRecord<byte[], byte[]> record);

    /** Closes, waiting up to {@code wait} for what is still being sent. */
    void close(Duration wait);
}
