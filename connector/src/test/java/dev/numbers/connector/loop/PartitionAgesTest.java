package dev.numbers.connector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionAgesTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PartitionAges ages = new PartitionAges(meters);
    private final TopicPartition p3 = new TopicPartition("numbers.requests", 3);

    @Test
    void theAgeIsThatOfTheOldestUnfinishedRecordAndZeroWhenNoneIs() {
        final var progress = new PartitionProgress();
        final long t0 = System.nanoTime();
        progress.started(10);
        progress.started(11);
        assertThat(progress.oldestUnfinishedAgeSeconds(t0 + 5_000_000_000L)).isGreaterThan(4.9).isLessThan(5.1);
        progress.finished(11);
        assertThat(progress.oldestUnfinishedAgeSeconds(t0 + 5_000_000_000L)).isGreaterThan(4.9);
        progress.finished(10);
        assertThat(progress.oldestUnfinishedAgeSeconds(t0 + 5_000_000_000L)).isZero();
    }

    @Test
    void aPartitionHasAGaugeWhileOwnedAndNoneAfterItIsRevoked() {
        final var progress = ages.track(p3, new PartitionProgress());
        progress.started(1);
        final var gauge = meters.find(PartitionAges.NAME).tag("topic", "numbers.requests").tag("partition", "3")
                .gauge();
        assertThat(gauge).isNotNull();
        assertThat(gauge.value()).isGreaterThanOrEqualTo(0);

        ages.untrack(List.of(p3));
        assertThat(meters.find(PartitionAges.NAME).gauges()).isEmpty();
        // owned again later: a fresh gauge for the new progress
        ages.track(p3, new PartitionProgress());
        assertThat(meters.find(PartitionAges.NAME).gauges()).hasSize(1);
    }
}
