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
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The claim writer over intents partitions held in memory: a STARTED lands in its request_id's partition and is
 * visible there, one that lost its transaction is built and written again until it is decided, and one whose id was
 * answered meanwhile is answered from the COMPLETED. The fence always finds the ledger final here ({@code
 * ClaimFenceTest} and {@code FencedClaimWriterIT} test it).
 */
class FencedClaimWriterTest {

    private static final String TOPIC = "intents";
    private static final int PARTITIONS = 3;
    private static final BooleanSupplier RUNNING = () -> false;

    private final InMemoryTopics topics = new InMemoryTopics().topic(TOPIC, PARTITIONS);
    private final Map<String, LedgerEntry.Completed> completed = new ConcurrentHashMap<>();
    private final FencedClaimWriter writer = new FencedClaimWriter(PARTITIONS,
            suffix -> topics.writer("claims-a" + suffix), () -> new CycleFence() {
                @Override
                public ClaimFence.Verdict settled(final Map<Integer, Long> firsts, final List<byte[]> keys,
                                                  final long deadlineNanos, final BooleanSupplier stopping,
                                                  final boolean mayWait) {
                    return ClaimFence.Verdict.CLEAR;
                }

                @Override
                public void close() {
                }
            }, id -> Optional.ofNullable(completed.get(id)), Duration.ofSeconds(4), FencedClaimWriter.Hook.NONE,
            new SimpleMeterRegistry());

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void aStartedLandsInItsRequestIdsPartitionAndIsVisibleThere() {
        final var written = writer.write("r1", () -> started("r1"), RUNNING);

        final int partition = partitionOf("r1");
        assertThat(written).isEqualTo(new FencedClaimWriter.Written.Visible(new IntentPosition(partition, 0)));
        assertThat(topics.committed(TOPIC, partition)).hasSize(1);
    }

    @Test
    void aStartedWhoseTransactionWasLostIsBuiltAndWrittenAgainUntilItIsVisible() {
        final var built = new AtomicInteger();
        final Supplier<ProducerRecord<byte[], byte[]>> record = () -> {
            built.incrementAndGet();
            return started("r1");
        };
        topics.failNextCommit(InMemoryTopics.CommitFault.AMBIGUOUS_ABORTED);

        final var written = writer.write("r1", record, RUNNING);

        assertThat(written).isEqualTo(new FencedClaimWriter.Written.Visible(new IntentPosition(partitionOf("r1"), 1)));
        assertThat(built).hasValue(2);
        assertThat(topics.committed(TOPIC, partitionOf("r1"))).hasSize(1);
    }

    @Test
    void aStartedOfAnIdAnsweredMeanwhileIsAnsweredFromTheCompletedAndNeverVisible() {
        final var done = new LedgerEntry.Completed(1, Optional.empty(),
                new LedgerEntry.StoredResult.Held(new NumberResult()), Instant.EPOCH);
        completed.put("r1", done);

        final var written = writer.write("r1", () -> started("r1"), RUNNING);

        assertThat(written).isEqualTo(new FencedClaimWriter.Written.Answered(done));
        assertThat(topics.committed(TOPIC, partitionOf("r1"))).isEmpty();
    }

    @Test
    void nothingIsWrittenOnceTheRequestStops() {
        assertThat(writer.write("r1", () -> started("r1"), () -> true))
                .isEqualTo(new FencedClaimWriter.Written.Stopped());
        assertThat(topics.lastStable(TOPIC, partitionOf("r1"))).isZero();
    }

    private static ProducerRecord<byte[], byte[]> started(final String requestId) {
        return new ProducerRecord<>(TOPIC, key(requestId), ("STARTED " + requestId).getBytes(StandardCharsets.UTF_8));
    }

    private static int partitionOf(final String requestId) {
        return BuiltInPartitioner.partitionForKey(key(requestId), PARTITIONS);
    }

    private static byte[] key(final String requestId) {
        return requestId.getBytes(StandardCharsets.UTF_8);
    }
}
