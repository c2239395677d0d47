package dev.numbers.connector.loop;

import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A finished record: what to publish for it (result and COMPLETED intent, a replayed result, a DLQ copy, or
 * nothing), which offset it frees and at which assignment epoch of its partition it was dispatched, and its request_id
 * when it has one (null for records that could not be read).
 * {@code fallback} builds the compact records published instead when the broker refuses these as too large.
 */
record Completion(TopicPartition partition, long epoch, long offset, String requestId, List<ProducerRecord<byte[],
        byte[]>> outputs,
                  Supplier<List<ProducerRecord<byte[], byte[]>>> fallback) {

    Completion {
        outputs = List.copyOf(outputs);
    }

    /**
     * Outputs published in place of these after the broker refused one of them for its size. The compact form is
     * as small as it gets: refused again, it stays (the transactions keep aborting and health says so) rather than
     * be dropped without a result.
     */
    Completion shrunk() {
        final var compact = List.copyOf(fallback.get());
        return new Completion(partition, epoch, offset, requestId, compact, () -> compact);
    }
}
