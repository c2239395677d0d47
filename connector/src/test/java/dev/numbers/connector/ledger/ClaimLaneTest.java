package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.connector.lane.InMemoryTopics;
import dev.numbers.schemas.avro.NumberResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The claim lane's decision over intents partitions held in memory with the broker's transactional rules: a STARTED
 * becomes visible only when committed after no COMPLETED of its id, and a claim whose transaction failed (fenced
 * producer, commit of unknown outcome, partition not stable in time) is lost, never reported visible, and written
 * again by the writer. The fence is scripted here; {@code ClaimFenceTest} and {@code FencedClaimWriterIT} test it.
 */
class ClaimLaneTest {

    private static final String TOPIC = "intents";
    private static final BooleanSupplier RUNNING = () -> false;

    private final InMemoryTopics topics = new InMemoryTopics().topic(TOPIC, 3);
    private final Map<String, LedgerEntry.Completed> completed = new ConcurrentHashMap<>();
    private final AtomicInteger producers = new AtomicInteger();
    private volatile ClaimFence.Verdict verdict = ClaimFence.Verdict.CLEAR;
    private final ClaimLane lane = new ClaimLane("claims-test", () -> {
        producers.incrementAndGet();
        return topics.writer("claims-a");
    }, new CycleFence() {
        @Override
        public ClaimFence.Verdict settled(final Map<Integer, Long> firsts, final List<byte[]> keys,
                                          final long deadlineNanos, final BooleanSupplier stopping,
                                          final boolean mayWait) {
            return verdict;
        }

        @Override
        public void close() {
        }
    }, id -> Optional.ofNullable(completed.get(id)), Duration.ofSeconds(2), FencedClaimWriter.Hook.NONE,
            new SimpleMeterRegistry(), null);

    @AfterEach
    void close() {
        lane.close();
    }

    @Test
    void aClaimIsCommittedAndVisibleAtItsOffset() {
        final var result = lane.submit("r1", started("r1", 1), RUNNING);

        assertThat(result).isEqualTo(new ClaimLane.Decided(new FencedClaimWriter.Written.Visible(
                new IntentPosition(1, 0))));
        assertThat(topics.committed(TOPIC, 1)).hasSize(1);
    }

    @Test
    void aClaimOfAnIdAlreadyCompletedIsAbortedAndAnsweredFromTheCompleted() {
        final var done = new LedgerEntry.Completed(1, Optional.empty(),
                new LedgerEntry.StoredResult.Held(new NumberResult()), Instant.EPOCH);
        completed.put("r1", done);

        final var result = lane.submit("r1", started("r1", 1), RUNNING);

        assertThat(result).isEqualTo(new ClaimLane.Decided(new FencedClaimWriter.Written.Answered(done)));
        assertThat(topics.committed(TOPIC, 1)).isEmpty();
        assertThat(topics.lastStable(TOPIC, 1)).as("the aborted STARTED holds no reader back").isEqualTo(1);
    }

    @Test
    void aFencedWriterLosesItsClaimAndTheNextClaimGoesThroughANewProducer() {
        lane.submit("r1", started("r1", 0), RUNNING);
        // A later incarnation under the same transactional id takes the lane's producer over.
        topics.writer("claims-a").init();

        final var lost = lane.submit("r2", started("r2", 0), RUNNING);
        final var again = lane.submit("r2", started("r2", 0), RUNNING);

        assertThat(lost).isInstanceOf(ClaimLane.Lost.class);
        assertThat(again).isEqualTo(new ClaimLane.Decided(new FencedClaimWriter.Written.Visible(
                new IntentPosition(0, 1))));
        assertThat(producers).hasValue(2);
        assertThat(topics.committed(TOPIC, 0)).hasSize(2);
    }

    @Test
    void aCommitOfUnknownOutcomeLosesTheClaimEvenWhenItCommittedAndItIsWrittenAgain() {
        topics.failNextCommit(InMemoryTopics.CommitFault.AMBIGUOUS_COMMITTED);

        final var lost = lane.submit("r1", started("r1", 2), RUNNING);
        final var again = lane.submit("r1", started("r1", 2), RUNNING);

        assertThat(lost).isInstanceOf(ClaimLane.Lost.class);
        // Both are visible; the claim board reads the second as a renewal of the first (same claimant, in its lease).
        assertThat(again).isEqualTo(new ClaimLane.Decided(new FencedClaimWriter.Written.Visible(
                new IntentPosition(2, 1))));
        assertThat(topics.committed(TOPIC, 2)).hasSize(2);
        assertThat(producers).hasValue(2);
    }

    @Test
    void aCycleWhosePartitionDoesNotBecomeStableInTimeIsAbortedAndLost() {
        verdict = ClaimFence.Verdict.UNSETTLED;

        final var result = lane.submit("r1", started("r1", 1), RUNNING);

        assertThat(result).isInstanceOf(ClaimLane.Lost.class);
        assertThat(topics.committed(TOPIC, 1)).isEmpty();
        assertThat(topics.lastStable(TOPIC, 1)).isEqualTo(1);
    }

    private static ProducerRecord<byte[], byte[]> started(final String requestId, final int partition) {
        return new ProducerRecord<>(TOPIC, partition, requestId.getBytes(StandardCharsets.UTF_8),
                ("STARTED " + requestId).getBytes(StandardCharsets.UTF_8));
    }
}
