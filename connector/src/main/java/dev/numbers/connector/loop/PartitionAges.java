package dev.numbers.connector.loop;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One gauge per owned partition: how long its oldest unfinished record has been running
 * ({@code connector_partition_oldest_unfinished_age_seconds}). Offsets are committed only below that record, so a
 * growing age is a partition that is stuck, even while consumer lag looks small. Poll thread only.
 */
final class PartitionAges {

    static final String NAME = "connector.partition.oldest.unfinished.age";

    private final MeterRegistry meters;
    private final Map<TopicPartition, Gauge> gauges = new HashMap<>();

    PartitionAges(final MeterRegistry meters) {
        this.meters = meters;
    }

    PartitionProgress track(final TopicPartition partition, final PartitionProgress progress) {
        untrack(List.of(partition));
        gauges.put(partition, Gauge.builder(NAME, progress, p -> p.oldestUnfinishedAgeSeconds(System.nanoTime()))
                .description("Seconds the oldest unfinished record of the partition has been running")
                .baseUnit("seconds")
                .tags("topic", partition.topic(), "partition", Integer.toString(partition.partition()))
                .strongReference(true)
                .register(meters));
        return progress;
    }

    /** Partitions this member no longer owns: their gauges go, so a revoked partition never looks stuck here. */
    void untrack(final Collection<TopicPartition> partitions) {
        for (final var partition : partitions) {
            final var gauge = gauges.remove(partition);
            if (gauge != null) {
                meters.remove(gauge);
            }
        }
    }
}
