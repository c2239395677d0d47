package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.connector.lane.KafkaPartitionReader;
import dev.numbers.connector.lane.PartitionReader;
import dev.numbers.connector.ledger.ClaimFence.Verdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which way a claim cycle goes, with Kafka's {@link MockConsumer} for the fence's read and a tail of two partitions
 * stopped at offset 100 (so a wait for it cannot succeed: every "waited" path answers UNSETTLED here, every "scanned"
 * one CLEAR). The real broker cases are in {@link FencedClaimWriterIT}.
 */
class ClaimFenceTest {

    private static final String TOPIC = "intents";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final TopicPartition OTHER = new TopicPartition(TOPIC, 1);
    private static final long TAIL = 100;
    private static final List<byte[]> BATCH = List.of(key("a"), key("b"));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final IntentTail tail = stoppedTail();
    private int consumersBuilt;

    @AfterEach
    void close() {
        tail.close();
    }

    @Test
    void goesOnAtOnceWhenNoRecordBetweenTheTailAndTheStartedHasAnIdOfTheBatch() {
        final var fence = fence(records("x", "y", "z", "x", "y"), 10_000);

        assertThat(fence.settled(Map.of(0, TAIL + 5), BATCH, deadline(), () -> false, true)).isEqualTo(Verdict.CLEAR);
        assertThat(count("scanned", "clear")).isEqualTo(1);
    }

    @Test
    void waitsForTheTailWhenARecordOfAnIdOfTheBatchLiesInTheRangeCommittedOrNot() {
        final var fence = fence(records("x", "y", "b", "z"), 10_000);

        assertThat(fence.settled(Map.of(0, TAIL + 4), BATCH, deadline(), () -> false, true))
                .isEqualTo(Verdict.UNSETTLED);
        assertThat(count("waited", "same_id")).isEqualTo(1);
        assertThat(count("scanned", "clear")).isZero();
    }

    @Test
    void aRecordOfTheBatchIdAtOrAfterTheStartedIsNotBeforeIt() {
        // The batch's own STARTED intents come back from the read too: they are not "before".
        final var fence = fence(records("x", "y", "a", "b"), 10_000);

        assertThat(fence.settled(Map.of(0, TAIL + 2), BATCH, deadline(), () -> false, true)).isEqualTo(Verdict.CLEAR);
        assertThat(count("scanned", "clear")).isEqualTo(1);
    }

    @Test
    void waitsWithoutReadingWhenTheTailIsFarBehindOrTheReadIsTurnedOff() {
        final var limited = fence(records("x"), 1_000);
        final var off = fence(records("x"), 0);

        assertThat(limited.settled(Map.of(0, TAIL + 1_001), BATCH, deadline(), () -> false, true))
                .isEqualTo(Verdict.UNSETTLED);
        assertThat(off.settled(Map.of(0, TAIL + 1), BATCH, deadline(), () -> false, true)).isEqualTo(Verdict.UNSETTLED);
        assertThat(count("waited", "far_behind")).isEqualTo(2);
        assertThat(consumersBuilt).isZero();
    }

    @Test
    void aFailingReadWaitsAndTheNextCycleReadsWithANewConsumer() {
        final var failing = new MockConsumer<byte[], byte[]>("none");
        failing.setPollException(new KafkaException("broker says no"));
        final var consumers = List.of(failing, records("x", "y"));
        final var fence = new ClaimFence(tail, () -> new KafkaPartitionReader(consumers.get(consumersBuilt++)),
                10_000, meters);

        assertThat(fence.settled(Map.of(0, TAIL + 2), BATCH, deadline(), () -> false, true))
                .isEqualTo(Verdict.UNSETTLED);
        assertThat(fence.settled(Map.of(0, TAIL + 2), BATCH, deadline(), () -> false, true)).isEqualTo(Verdict.CLEAR);
        assertThat(count("waited", "scan_failed")).isEqualTo(1);
        assertThat(count("scanned", "clear")).isEqualTo(1);
        assertThat(failing.closed()).isTrue();
    }

    @Test
    void aStartedAtTheTailNeedsNoRead() {
        final var fence = fence(records(), 10_000);

        assertThat(fence.settled(Map.of(0, TAIL), BATCH, deadline(), () -> false, true)).isEqualTo(Verdict.CLEAR);
        assertThat(count("scanned", "clear")).isEqualTo(1);
        assertThat(consumersBuilt).isZero();
    }

    @Test
    void readsEveryPartitionOfACycleInTheSamePollsAndGoesOnWhenNoneHasAnIdOfTheBatch() {
        final var consumer = recordsIn("0:x", "1:y", "1:z");
        final var fence = fence(consumer, 10_000);

        assertThat(fence.settled(Map.of(0, TAIL + 1, 1, TAIL + 2), BATCH, deadline(), () -> false, false))
                .isEqualTo(Verdict.CLEAR);
        assertThat(consumer.assignment()).containsExactlyInAnyOrder(PARTITION, OTHER);
        assertThat(count("scanned", "clear")).isEqualTo(1);
    }

    @Test
    void aCycleThatMayNotWaitIsHandedOverInsteadOfWaiting() {
        final var sameId = fence(recordsIn("0:x", "1:b"), 10_000);
        final var farBehind = fence(records(), 1_000);

        assertThat(sameId.settled(Map.of(0, TAIL + 1, 1, TAIL + 1), BATCH, deadline(), () -> false, false))
                .isEqualTo(Verdict.NOT_AT_ONCE);
        assertThat(farBehind.settled(Map.of(0, TAIL + 1_001), BATCH, deadline(), () -> false, false))
                .isEqualTo(Verdict.NOT_AT_ONCE);
        assertThat(count("handed_over", "same_id")).isEqualTo(1);
        assertThat(count("handed_over", "far_behind")).isEqualTo(1);
    }

    private ClaimFence fence(final MockConsumer<byte[], byte[]> consumer, final int limit) {
        final Supplier<PartitionReader> consumers = () -> {
            consumersBuilt++;
            return new KafkaPartitionReader(consumer);
        };
        return new ClaimFence(tail, consumers, limit, meters);
    }

    /** A consumer whose first poll hands over one record per key in partition 0, from the tail's position on. */
    private static MockConsumer<byte[], byte[]> records(final String... keys) {
        return recordsIn(Arrays.stream(keys).map(key -> "0:" + key).toArray(String[]::new));
    }

    /**
     * A consumer whose first poll hands over one record per "partition:key", each partition's from the tail's
     * position on.
     */
    private static MockConsumer<byte[], byte[]> recordsIn(final String... partitionKeys) {
        final var consumer = new MockConsumer<byte[], byte[]>("none");
        consumer.schedulePollTask(() -> {
            final var next = new HashMap<Integer, Long>();
            for (final var partitionKey : partitionKeys) {
                final int partition = Integer.parseInt(partitionKey.substring(0, partitionKey.indexOf(':')));
                final long offset = next.merge(partition, TAIL, (was, ignored) -> was + 1);
                consumer.addRecord(new ConsumerRecord<>(TOPIC, partition, offset,
                        key(partitionKey.substring(partitionKey.indexOf(':') + 1)), new byte[0]));
            }
        });
        return consumer;
    }

    /** A tail that stopped at offset 100: it knows its position but never moves (nothing to hand the ledger). */
    private static IntentTail stoppedTail() {
        final var consumer = new MockConsumer<byte[], byte[]>("none") {
            @Override
            public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
                    final Map<TopicPartition, Long> times) {
                return Map.of();
            }
        };
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null),
                new PartitionInfo(TOPIC, 1, null, null, null)));
        consumer.updateEndOffsets(Map.of(PARTITION, TAIL, OTHER, TAIL));
        final var tail = new IntentTail(TOPIC, new KafkaPartitionReader(consumer), record -> { }, Instant.now(),
                new SimpleMeterRegistry());
        tail.close();
        return tail;
    }

    private double count(final String path, final String why) {
        return meters.timer("connector.claims.fence", "path", path, "why", why).count();
    }

    private static long deadline() {
        return System.nanoTime() + Duration.ofSeconds(5).toNanos();
    }

    private static byte[] key(final String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }
}
