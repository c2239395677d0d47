package dev.numbers.connector.loop;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions this member owns: each one's assignment epoch ({@link PartitionEpochs}) and offset progress
 * ({@link PartitionProgress}). The poll thread assigns, revokes and starts records; the publisher thread finishes
 * them and moves the committed offsets; both only through here.
 */
final class PartitionStates {

    private final PartitionEpochs epochs = new PartitionEpochs();
    private final Map<TopicPartition, PartitionProgress> progress = new ConcurrentHashMap<>();
    private final PartitionAges ages;

    PartitionStates(final PartitionAges ages) {
        this.ages = ages;
    }

    PartitionEpochs epochs() {
        return epochs;
    }

    void assigned(final Collection<TopicPartition> partitions) {
        epochs.assigned(partitions);
    }

    /** Work of these partitions is cancelled from here on, and the publisher drops what it finishes. */
    void revoked(final Collection<TopicPartition> partitions) {
        epochs.revoked(partitions);
    }

    /** After the publisher let go of them: their offsets are another member's business. */
    void forget(final Collection<TopicPartition> partitions) {
        partitions.forEach(progress::remove);
        ages.untrack(partitions);
    }

    void started(final TopicPartition partition, final long offset) {
        progress.computeIfAbsent(partition, p -> ages.track(p, new PartitionProgress())).started(offset);
    }

    /** False when the record's partition left this member, or came back at a later epoch, since it was dispatched. */
    boolean owns(final Completion done) {
        return progress.containsKey(done.partition()) && epochs.holds(done.partition(), done.epoch());
    }

    /** Marks the records finished and answers, per owned partition, the offset below its lowest unfinished record. */
    Map<TopicPartition, OffsetAndMetadata> committable(final List<Completion> finished) {
        for (final var done : finished) {
            final var partition = progress.get(done.partition());
            if (partition != null) {
                partition.finished(done.offset());
            }
        }
        final var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        progress.forEach((partition, state) -> {
            final long offset = state.committable();
            if (offset >= 0 && epochs.of(partition) >= 0) {
                offsets.put(partition, new OffsetAndMetadata(offset));
            }
        });
        return offsets;
    }

    void committed(final Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            final var state = progress.get(partition);
            if (state != null) {
                state.committed(offset.offset());
            }
        });
    }
}
