package dev.numbers.connector.loop;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A finished record: what to publish for it (result and COMPLETED intent, a replayed result, a DLQ copy, or
 * nothing), which offset it frees, and its request_id when it has one (null for records that could not be read).
 */
record Completion(TopicPartition partition, long offset, String requestId, List<ProducerRecord<byte[], byte[]>> outputs) {

    Completion {
        outputs = List.copyOf(outputs);
    }
}
