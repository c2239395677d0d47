package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.connector.lane.KafkaPartitionReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A record the ledger fails to take is read again, and the fence is never told of a position past it. */
class IntentTailFailureTest {

    private static final String TOPIC = "numbers.intents";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final long END = 10;

    @Test
    void aRecordTheLedgerFailedToTakeIsReadAgainAndNoPositionPastItIsPublishedMeanwhile() {
        final var consumer = new MockConsumer<byte[], byte[]>("none") {
            @Override
            public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
                    final Map<TopicPartition, Long> times) {
                // No record stamped since the look-back: the tail starts at the end.
                final var none = new HashMap<TopicPartition, OffsetAndTimestamp>();
                times.keySet().forEach(p -> none.put(p, null));
                return none;
            }
        };
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateEndOffsets(Map.of(PARTITION, END));
        // The broker's answers: 10..12, then (after the tail's seek back) 11..12 again.
        final var built = new CountDownLatch(1);
        consumer.schedulePollTask(() -> {
            awaitQuietly(built);
            addRecords(consumer, END, END + 3);
        });
        consumer.schedulePollTask(() -> addRecords(consumer, END + 1, END + 3));
        final var meters = new SimpleMeterRegistry();
        final var applied = new CopyOnWriteArrayList<Long>();
        final var publishedPastUnapplied = new CopyOnWriteArrayList<String>();
        final var failedOnce = new AtomicBoolean();
        final IntentTail[] tail = new IntentTail[1];
        final IntentTail.Records ledger = record -> {
            // The fence's promise: every record below the published position has been handed to the ledger.
            if (tail[0].position(0) > record.offset()) {
                publishedPastUnapplied.add("position " + tail[0].position(0) + " before " + record.offset());
            }
            if (record.offset() == END + 1 && failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("the store hiccupped");
            }
            applied.add(record.offset());
        };
        tail[0] = new IntentTail(TOPIC, new KafkaPartitionReader(consumer), ledger, Instant.now(), meters);
        built.countDown();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> tail[0].position(0) == END + 3);

            assertThat(applied).containsExactly(END, END + 1, END + 2);
            assertThat(publishedPastUnapplied).isEmpty();
            assertThat(meters.counter("connector.ledger.tail.failures").count()).isEqualTo(1.0);
        } finally {
            tail[0].close();
        }
    }

    private static void awaitQuietly(final CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void addRecords(final MockConsumer<byte[], byte[]> consumer, final long from, final long to) {
        for (long offset = from; offset < to; offset++) {
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, new byte[0], new byte[0]));
        }
    }
}
