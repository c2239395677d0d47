package dev.numbers.connector.loop;

import dev.numbers.connector.executor.Outputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.connector.concurrency.ConcurrencyConfig;
import dev.numbers.connector.concurrency.RequestSlots;
import dev.numbers.connector.config.TopicsConfig;
import dev.numbers.connector.observe.RequestTracing;
import dev.numbers.connector.observe.TracingConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher thread against Kafka's MockProducer: completions handed over from another thread are published with
 * their offsets without anyone calling it; an aborted transaction is tried again with the same results; a revoked
 * partition's results are dropped once the revoking thread passed the barrier, and the barrier waits out a commit that
 * is still running.
 */
class GroupCommitterTest {

    private static final TopicsConfig TOPICS = new TopicsConfig("requests", "results", "dlq", "intents", "quotas", "g");
    private static final TopicPartition P0 = new TopicPartition("requests", 0);
    private static final TopicPartition P1 = new TopicPartition("requests", 1);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LoopHealth health = new LoopHealth(5, meters);
    private final LoopServices services = new LoopServices(TOPICS, health, meters,
            new RequestTracing(new TracingConfig(null, "test")), Duration.ofMillis(200), Duration.ZERO);
    private final RequestSlots slots = RequestSlots.adaptive(100, ConcurrencyConfig.defaults(), meters);
    private final PartitionStates partitions = new PartitionStates(new PartitionAges(meters));
    private final List<String> committedIntents = new CopyOnWriteArrayList<>();
    private final List<String> discarded = new CopyOnWriteArrayList<>();
    private final CountDownLatch commitMayEnd = new CountDownLatch(1);
    private volatile boolean holdCommit;
    private final CountDownLatch commitStarted = new CountDownLatch(1);
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer()) {
        @Override
        public void commitTransaction() {
            if (holdCommit) {
                commitStarted.countDown();
                try {
                    commitMayEnd.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.commitTransaction();
        }
    };
    private final GroupCommitter committer = new GroupCommitter(new ResultPublisher(() -> producer, () -> { }),
            partitions, slots, new GroupCommitter.Ledger() {
                @Override
                public void committed(final Map<String, RecordMetadata> intents) {
                    committedIntents.addAll(intents.keySet());
                }

                @Override
                public void discarded(final Collection<ProducerRecord<byte[], byte[]>> completedIntents) {
                    completedIntents.forEach(intent -> discarded.add(new String(intent.key())));
                }
            }, services);

    @AfterEach
    void close() {
        commitMayEnd.countDown();
        committer.close();
    }

    private Completion finished(final TopicPartition partition, final long offset, final String id) {
        assertThat(slots.tryTake(partition, offset)).isTrue();
        partitions.started(partition, offset);
        return new Completion(partition, partitions.epochs().of(partition), offset, id, new Outputs.Ran(
                new ProducerRecord<>("results", id.getBytes(), "result".getBytes()),
                new ProducerRecord<>("intents", id.getBytes(), "completed".getBytes()), List.of(), null));
    }

    private void startOwning(final TopicPartition... owned) {
        partitions.assigned(List.of(owned));
        committer.groupMetadata(new ConsumerGroupMetadata("g"));
        committer.start();
    }

    private List<String> publishedResultKeys() {
        return producer.history().stream().filter(r -> r.topic().equals("results")).map(r -> new String(r.key()))
                .toList();
    }

    @Test
    void handedOverCompletionsArePublishedWithTheirOffsetsByThePublisherThread() {
        startOwning(P0, P1);
        final var handedOver = new ArrayList<Completion>();
        for (int i = 0; i < 5; i++) {
            handedOver.add(finished(P0, i, "a" + i));
            handedOver.add(finished(P1, i, "b" + i));
        }
        // Handed over from another thread, as the request workers do; nobody calls the publisher.
        CompletableFuture.runAsync(() -> handedOver.forEach(committer::add)).join();

        await().atMost(Duration.ofSeconds(10)).until(() -> slots.inFlight() == 0);
        assertThat(publishedResultKeys()).containsExactlyInAnyOrderElementsOf(
                handedOver.stream().map(Completion::requestId).toList());
        assertThat(committedIntents).containsExactlyInAnyOrderElementsOf(
                handedOver.stream().map(Completion::requestId).toList());
        final var offsets = producer.consumerGroupOffsetsHistory().stream()
                .flatMap(byGroup -> byGroup.get("g").entrySet().stream())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset(), Math::max));
        assertThat(offsets).containsEntry(P0, 5L).containsEntry(P1, 5L);
        System.out.printf("publisher thread: %d completions handed over, %d transaction(s) committed, offsets %s%n",
                handedOver.size(), producer.consumerGroupOffsetsHistory().size(), offsets);
    }

    @Test
    void anAbortedTransactionIsTriedAgainWithTheSameResults() {
        producer.commitTransactionException = new KafkaException("coordinator moved");
        startOwning(P0);
        committer.add(finished(P0, 0, "r0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> health.reasons().containsKey("transactions")
                || producer.transactionAborted());
        producer.commitTransactionException = null;

        await().atMost(Duration.ofSeconds(10)).until(() -> slots.inFlight() == 0);
        assertThat(publishedResultKeys()).containsExactly("r0");
        assertThat(committedIntents).containsExactly("r0");
        assertThat(health.isUp()).isTrue();
    }

    @Test
    void theBarrierWaitsOutAnOpenTransactionAndARevokedPartitionsResultsAreDropped() throws Exception {
        holdCommit = true;
        startOwning(P0, P1);
        committer.add(finished(P0, 0, "running"));
        assertThat(commitStarted.await(10, TimeUnit.SECONDS)).isTrue();
        final var stale = finished(P0, 1, "stale");

        // The poll thread's revocation: epochs first, then the barrier, which must wait for the open commit.
        partitions.revoked(List.of(P0));
        final var barrier = CompletableFuture.runAsync(committer::barrier);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !barrier.isDone());
        holdCommit = false;
        commitMayEnd.countDown();
        barrier.get(10, TimeUnit.SECONDS);
        partitions.forget(List.of(P0));

        // Finished after the revocation: never published, its slot freed, the ledger told.
        committer.add(stale);
        committer.add(finished(P1, 0, "kept"));
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.inFlight() == 0);
        assertThat(publishedResultKeys()).containsExactlyInAnyOrder("running", "kept");
        assertThat(discarded).containsExactly("stale");
    }
}
