package dev.numbers.connector.loop;

import dev.numbers.connector.executor.Outputs;
import org.apache.kafka.common.TopicPartition;

/**
 * A finished record: what to publish for it (what its request path produced, a DLQ copy, or nothing), which offset
 * it frees and at which assignment epoch of its partition it was dispatched, and its request_id when it has one (null
 * for records that could not be read).
 */
record Completion(TopicPartition partition, long epoch, long offset, String requestId, Outputs outputs) {

    /** Finished without anything to publish (cancelled by a revocation, or given up). */
    static Completion empty(final TopicPartition partition, final long epoch, final long offset,
                            final String requestId) {
        return new Completion(partition, epoch, offset, requestId, Outputs.Answered.nothing());
    }

    /**
     * Outputs published in place of these after the broker refused one of them for its size. The compact form is
     * as small as it gets: refused again, it stays (the transactions keep aborting and health says so) rather than
     * be dropped without a result.
     */
    Completion shrunk() {
        return new Completion(partition, epoch, offset, requestId, outputs.compact());
    }
}
