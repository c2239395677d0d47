package dev.numbers.connector.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The lane's mechanics with Kafka's MockProducer: batches, what is put back first, the producer's life, closing. */
class TransactionalLaneTest {

    private final AtomicInteger built = new AtomicInteger();
    private final List<MockProducer<byte[], byte[]>> producers = new CopyOnWriteArrayList<>();

    private LaneProducer laneProducer() {
        return new LaneProducer(() -> {
            built.incrementAndGet();
            final var producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            producers.add(producer);
            return new KafkaTransactions(producer);
        });
    }

    /** A lane whose cycles record their batches; the first cycle waits for {@code go} and puts its batch back once. */
    private static final class Recording implements TransactionalLane.Work<String> {
        final List<List<String>> cycles = new CopyOnWriteArrayList<>();
        final List<String> stopped = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);
        TransactionalLane<String> lane;
        boolean putBack;

        @Override
        public List<String> batch(final String first) {
            final var batch = new ArrayList<String>();
            batch.add(first);
            lane.drainTo(batch, 10);
            return batch;
        }

        @Override
        public void cycle(final List<String> batch, final LaneProducer producer) throws InterruptedException {
            entered.countDown();
            go.await(10, TimeUnit.SECONDS);
            assertThat(producer.get()).isSameAs(producer.get());
            cycles.add(List.copyOf(batch));
            if (putBack) {
                putBack = false;
                lane.requeue(batch);
            }
        }

        @Override
        public void stopped(final String waiting) {
            stopped.add(waiting);
        }
    }

    private static boolean reached(final CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void whatACyclePutsBackGoesFirstInTheNextOneWithTheSameInitialisedProducer() {
        final var work = new Recording();
        work.putBack = true;
        work.lane = new TransactionalLane<>("test-lane", laneProducer(), Duration.ofMillis(10), false);
        work.lane.add("a");
        work.lane.start(work);
        assertThat(reached(work.entered)).isTrue();
        work.lane.add("b");
        work.go.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> work.cycles.size() >= 2
                && work.cycles.stream().mapToInt(List::size).sum() == 3);
        work.lane.close();

        assertThat(work.cycles.getFirst()).containsExactly("a");
        assertThat(work.cycles.get(1)).containsExactly("a", "b");
        assertThat(built).hasValue(1);
        assertThat(producers.getFirst().transactionInitialized()).isTrue();
        assertThat(producers.getFirst().closed()).isTrue();
    }

    @Test
    void whatWaitsWhenTheLaneClosesIsAnsweredAsStopped() {
        final var work = new Recording();
        work.lane = new TransactionalLane<>("test-lane", laneProducer(), Duration.ofMillis(10), false);
        work.lane.start(work);
        work.lane.close();

        work.lane.add("late");

        assertThat(work.stopped).containsExactly("late");
        assertThat(work.cycles).isEmpty();
    }

    @Test
    void aProducerThatCannotAbortIsReplacedByANewOne() {
        final var producer = laneProducer();
        final var first = producer.get();
        first.begin();
        producers.getFirst().fenceProducer();

        producer.abortOrDrop();

        assertThat(producers.getFirst().closed()).isTrue();
        assertThat(producer.get()).isNotSameAs(first);
        assertThat(built).hasValue(2);
        assertThat(producers.get(1).transactionInitialized()).isTrue();
    }
}
