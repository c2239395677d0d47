package dev.numbers.connector.loop;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Which request partitions this member owns, and since which assignment: every assignment of a partition gets a new
 * epoch, so work dispatched before a revocation can tell it no longer owns its record even when the same partition
 * came back to this member since. Written by the poll thread (inside the rebalance callbacks), read by workers.
 */
final class PartitionEpochs {

    private static final long NOT_OWNED = -1;

    private final Map<TopicPartition, Long> current = new ConcurrentHashMap<>();
    private long next;

    void assigned(final Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> current.put(partition, ++next));
    }

    void revoked(final Collection<TopicPartition> partitions) {
        partitions.forEach(current::remove);
    }

    /** The partition's current epoch; -1 when this member does not own it. */
    long of(final TopicPartition partition) {
        return current.getOrDefault(partition, NOT_OWNED);
    }

    /** True while the partition is still owned at {@code epoch}. */
    boolean holds(final TopicPartition partition, final long epoch) {
        return epoch != NOT_OWNED && current.getOrDefault(partition, NOT_OWNED) == epoch;
    }
}
