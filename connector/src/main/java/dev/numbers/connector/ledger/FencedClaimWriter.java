package dev.numbers.connector.ledger;

import dev.numbers.connector.concurrency.Pauses;
import dev.numbers.connector.lane.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every STARTED intent (first claim, renewal, takeover, candidate) so that none becomes visible after a
 * COMPLETED of its request_id: the STARTED is appended in a transaction that stays open while the writer reads the
 * intents partition up to it, and is committed only when no COMPLETED of the id lies before it; otherwise it is
 * aborted (read_committed readers never see it) and the caller is answered from the COMPLETED.
 *
 * <p>Why the read is complete: the STARTED intents of one cycle are appended in one open transaction at offsets F
 * onwards, and the ledger is asked about their ids only once it holds every record of those ids that can ever be
 * committed below F ({@link ClaimFence}). Everything below the tail's position P is in the ledger (the tail reads
 * read_committed, so every transaction with a record below P has ended). The range [P, F) is read read_uncommitted:
 * when no record there, of any transaction state, has one of the ids, nothing of those ids can become visible below
 * F later either, since nothing is ever inserted below an offset already written, and the ledger's answer is final
 * at once, whatever other ids' transactions are still open. When one has (or the range is long, or the read fails),
 * the cycle waits, as it always did, until the tail reaches F: while the cycle's transaction is open the partition's
 * last stable offset cannot pass F, so the tail gets there exactly when every transaction holding a record below F
 * has committed or aborted. Either way a COMPLETED committed later lies after F, so it follows the STARTED in offset
 * order, and the claim board has read every earlier STARTED of the id, which {@link Claims#claim} relies on after
 * {@link Written.Visible}. The main {@link ClaimLane} (one thread, one transactional producer) groups the claims ready
 * at the same moment into one transaction, whichever intents partitions they go to, and never waits; a claim it
 * cannot settle at once goes to its partition's lane (built when first needed), whose transactions span that partition
 * only, so two writers never wait on each other in a circle. Safety does not depend on
 * time: the transaction timeout only ends the wait others have on a stalled writer (the broker aborts it, and the
 * writer's commit then fails: a lost claim, written again).
 */
final class FencedClaimWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FencedClaimWriter.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    /** What became of one STARTED. */
    sealed interface Written {

        /** Committed: visible to every read_committed reader at {@code at}, after no COMPLETED of its request_id. */
        record Visible(IntentPosition at) implements Written {
        }

        /** A COMPLETED of the request_id came first: the STARTED was aborted; answer from {@code done}. */
        record Answered(LedgerEntry.Completed done) implements Written {
        }

        /** Stopping (or the request's partition moved) before the STARTED was decided. */
        record Stopped() implements Written {
        }
    }

    /** Told of every batch right before it is sent; tests use it to interleave another writer deterministically. */
    @FunctionalInterface
    interface Hook {
        Hook NONE = ids -> { };

        void beforeSend(List<String> requestIds);
    }

    private final ClaimLane lane;
    /** The partitions' lanes, built when a claim first has to wait in one. */
    private final ClaimLane[] waitingLanes;
    private final int partitions;
    private final MeterRegistry meters;
    private final Function<String, Transactions> producers;
    private final Supplier<CycleFence> fences;
    private final Function<String, Optional<LedgerEntry.Completed>> completed;
    private final Duration waitBudget;
    private final Hook hook;
    private volatile boolean closed;

    /**
     * {@code partitions}: the intents topic's, read once at start; {@code producers} builds a lane's transactional
     * producer from the suffix of its transactional.id (empty for the main lane, {@code -p<partition>} for a
     * partition's; a new one after a fatal error), {@code fences} a lane's {@link ClaimFence}; {@code completed} is
     * what the ledger knows of a request_id's COMPLETED once the fence has let a STARTED through.
     */
    FencedClaimWriter(final int partitions, final Function<String, Transactions> producers,
                      final Supplier<CycleFence> fences,
                      final Function<String, Optional<LedgerEntry.Completed>> completed,
                      final Duration transactionTimeout, final Hook hook, final MeterRegistry meters) {
        this.meters = meters;
        this.partitions = partitions;
        this.producers = producers;
        this.fences = fences;
        this.completed = completed;
        this.waitBudget = transactionTimeout.dividedBy(2);
        this.hook = hook;
        this.waitingLanes = new ClaimLane[partitions];
        this.lane = new ClaimLane("claims", () -> producers.apply(""), fences.get(), completed, waitBudget, hook,
                meters, this::waitingLane);
        meters.gauge("connector.claims.waiting", this, FencedClaimWriter::waiting);
    }

    /**
     * Writes the STARTED built by {@code record} (built again for each try, so a registry outage is retried like a
     * broker outage) and blocks until it is decided. Retried until it is: calling the provider without a visible
     * STARTED would leave a purchase nobody can find after a crash.
     */
    Written write(final String requestId, final Supplier<ProducerRecord<byte[], byte[]>> record,
                  final BooleanSupplier stopping) {
        while (!stopping.getAsBoolean()) {
            String failure;
            try {
                final var built = record.get();
                final int partition = BuiltInPartitioner.partitionForKey(built.key(), partitions);
                final var written = lane.submit(requestId, new ProducerRecord<>(built.topic(),
                        partition, built.key(), built.value(), built.headers()), stopping);
                if (!(written instanceof ClaimLane.Lost lost)) {
                    return ((ClaimLane.Decided) written).written();
                }
                failure = lost.why();
            } catch (RuntimeException e) {
                failure = e.toString();
            }
            meters.counter("connector.ledger.write.failures").increment();
            LOG.warn("cannot record intent STARTED for request {} yet ({}); the provider is not called until it is"
                    + " recorded", requestId, failure);
            if (!Pauses.sleep(RETRY_PAUSE)) {
                break;
            }
        }
        return new Written.Stopped();
    }

    private synchronized ClaimLane waitingLane(final int partition) {
        if (waitingLanes[partition] == null) {
            LOG.info("intents partition {}: a claim has to wait for the partition's earlier transactions; it and the"
                    + " next such claims are written by the partition's own claim lane", partition);
            waitingLanes[partition] = new ClaimLane("claims-p" + partition, () -> producers.apply("-p" + partition),
                    fences.get(), completed, waitBudget, hook, meters, null);
            if (closed) {
                waitingLanes[partition].close();
            }
        }
        return waitingLanes[partition];
    }

    /** Claims queued in every lane, not yet taken by a cycle. */
    private synchronized int waiting() {
        int waiting = lane.waiting();
        for (final var partitionLane : waitingLanes) {
            waiting += partitionLane == null ? 0 : partitionLane.waiting();
        }
        return waiting;
    }

    /**
     * Why a lane is stuck: a cycle running longer than the claims' transaction timeout (the broker would have aborted
     * its transaction by then; every claim queued behind it waits). Empty while every lane moves.
     */
    Optional<String> stalled() {
        final var after = waitBudget.multipliedBy(2);
        final List<ClaimLane> lanes = new ArrayList<>();
        lanes.add(lane);
        synchronized (this) {
            Arrays.stream(waitingLanes).filter(Objects::nonNull).forEach(lanes::add);
        }
        return lanes.stream().map(l -> l.stalled(after)).flatMap(Optional::stream).findFirst();
    }

    @Override
    public void close() {
        closed = true;
        lane.close();
        final List<ClaimLane> built;
        synchronized (this) {
            built = Arrays.stream(waitingLanes).filter(Objects::nonNull).toList();
        }
        built.forEach(ClaimLane::close);
    }
}
