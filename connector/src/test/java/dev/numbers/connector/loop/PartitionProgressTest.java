package dev.numbers.connector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    @Test
    void commitsOnlyBelowTheLowestUnfinishedOffset() {
        final var progress = new PartitionProgress();
        progress.started(10);
        progress.started(11);
        progress.started(12);
        progress.finished(12);
        progress.finished(11);
        assertThat(progress.committable()).isEqualTo(10);
    }

    @Test
    void commitsPastTheHighestOffsetWhenEverythingIsFinished() {
        final var progress = new PartitionProgress();
        progress.started(10);
        progress.started(11);
        progress.finished(10);
        progress.finished(11);
        assertThat(progress.committable()).isEqualTo(12);
    }

    @Test
    void doesNotRecommitTheSamePosition() {
        final var progress = new PartitionProgress();
        progress.started(5);
        progress.finished(5);
        progress.committed(progress.committable());
        assertThat(progress.committable()).isEqualTo(-1);
    }
}
