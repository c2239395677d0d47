package dev.numbers.connector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Work dispatched before a revocation never counts as owned again, even when the partition comes back. */
class PartitionEpochsTest {

    private final PartitionEpochs epochs = new PartitionEpochs();
    private final TopicPartition p0 = new TopicPartition("requests", 0);
    private final TopicPartition p1 = new TopicPartition("requests", 1);

    @Test
    void aPartitionThatCameBackHasANewEpochAndTheOldWorkIsNotItsOwner() {
        epochs.assigned(List.of(p0, p1));
        final long before = epochs.of(p0);
        assertThat(epochs.holds(p0, before)).isTrue();

        epochs.revoked(List.of(p0));
        assertThat(epochs.holds(p0, before)).as("revoked").isFalse();
        assertThat(epochs.of(p0)).isEqualTo(-1);

        epochs.assigned(List.of(p0));
        assertThat(epochs.holds(p0, before)).as("back at a later epoch").isFalse();
        assertThat(epochs.holds(p0, epochs.of(p0))).isTrue();
        assertThat(epochs.holds(p1, epochs.of(p1))).as("other partitions keep theirs").isTrue();
    }

    @Test
    void workDispatchedWhileNotOwningIsNeverOwned() {
        assertThat(epochs.holds(p0, epochs.of(p0))).isFalse();
    }
}
