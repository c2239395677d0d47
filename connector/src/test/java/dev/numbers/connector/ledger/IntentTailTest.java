package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.connector.lane.KafkaPartitionReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a (re)started tail begins: the claims written before the start that may still stand in the way must reach
 * the claim board, whatever the ledger's checkpoint says (a graceful restart checkpoints past them).
 */
class IntentTailTest {

    private static final String TOPIC = "intents";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");

    private final List<Long> asked = new CopyOnWriteArrayList<>();
    private final List<String> handed = new CopyOnWriteArrayList<>();
    /** Per partition, the first offset stamped at or after the time asked for (absent: none). */
    private final Map<TopicPartition, Long> since = new HashMap<>();
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none") {
        @Override
        public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
                final Map<TopicPartition, Long> times) {
            asked.addAll(times.values());
            final var found = new HashMap<TopicPartition, OffsetAndTimestamp>();
            times.keySet().forEach(p -> found.put(p, since.containsKey(p)
                    ? new OffsetAndTimestamp(since.get(p), SINCE.toEpochMilli()) : null));
            return found;
        }

        @Override
        public synchronized void seekToEnd(final Collection<TopicPartition> partitions) {
            // As KafkaConsumer documents it: no partitions given means every assigned one.
            super.seekToEnd(partitions.isEmpty() ? assignment() : partitions);
        }
    };
    private IntentTail tail;

    @AfterEach
    void close() {
        tail.close();
    }

    @Test
    void aStartedTailHandsTheLedgerTheClaimsWrittenSinceItsLookbackNotOnlyLaterOnes() {
        // Partition 0 has records stamped since then from offset 3 on; partition 1 has none.
        since.put(P0, 3L);
        tail = startedOnSixAndFourRecords();

        await().atMost(Duration.ofSeconds(10)).until(() -> tail.position(0) == 6);
        assertThat(asked).containsOnly(SINCE.toEpochMilli());
        // Before the fix the tail began at the end: none of these reached the board.
        assertThat(handed).containsExactly("0@3", "0@4", "0@5");
        assertThat(tail.position(1)).isEqualTo(4);
    }

    @Test
    void whenEveryPartitionHasRecordsSinceThenNoneIsMovedToItsEnd() {
        since.put(P0, 4L);
        since.put(P1, 2L);
        tail = startedOnSixAndFourRecords();

        await().atMost(Duration.ofSeconds(10)).until(() -> tail.position(0) == 6 && tail.position(1) == 4);
        // A graceful restart's tail once started at the end here (seekToEnd of no partitions moves them all).
        assertThat(handed).containsExactlyInAnyOrder("0@4", "0@5", "1@2", "1@3");
    }

    @Test
    void theTailCoversACheckpointOnlyWhereItBeganAtOrBeforeIt() {
        // The tail begins at 3 in partition 0 and at the end (4) of partition 1.
        since.put(P0, 3L);
        tail = startedOnSixAndFourRecords();
        await().atMost(Duration.ofSeconds(10)).until(() -> tail.position(0) == 6);

        // Everything from the checkpoint to the tail's position went through the ledger: it may move there (in
        // partition 1 it is there already).
        assertThat(tail.covering(Map.of(0, 3L, 1, 4L))).contains(Map.of(0, 6L));
        assertThat(tail.covering(Map.of(0, 6L, 1, 4L))).contains(Map.of());
        // Offset 2 of partition 0 lies before the tail began: only reading them applies them.
        assertThat(tail.covering(Map.of(0, 2L, 1, 4L))).isEmpty();
        // A partition the checkpoint does not know (or one the tail does not follow) is read, not assumed.
        assertThat(tail.covering(Map.of(0, 3L))).isEmpty();
        assertThat(tail.covering(Map.of(0, 3L, 1, 4L, 2, 0L))).isEmpty();

        tail.close();
        assertThat(tail.covering(Map.of(0, 3L, 1, 4L))).isEmpty();
    }

    /** A tail started over two partitions holding offsets 0-5 and 0-3; what it hands over goes to {@code handed}. */
    private IntentTail startedOnSixAndFourRecords() {
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null),
                new PartitionInfo(TOPIC, 1, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(Map.of(P0, 6L, P1, 4L));
        consumer.schedulePollTask(() -> {
            for (long offset = 0; offset < 6; offset++) {
                consumer.addRecord(record(0, offset));
            }
            for (long offset = 0; offset < 4; offset++) {
                consumer.addRecord(record(1, offset));
            }
        });
        return new IntentTail(TOPIC, new KafkaPartitionReader(consumer),
                read -> handed.add(new String(read.key(), StandardCharsets.UTF_8)),
                SINCE, new SimpleMeterRegistry());
    }

    private static ConsumerRecord<byte[], byte[]> record(final int partition, final long offset) {
        return new ConsumerRecord<>(TOPIC, partition, offset,
                (partition + "@" + offset).getBytes(StandardCharsets.UTF_8), new byte[0]);
    }
}
