package dev.numbers.connector.ledger;

import dev.numbers.connector.lane.LaneProducer;
import dev.numbers.connector.lane.TransactionalLane;
import dev.numbers.connector.lane.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane of the claim writer ({@link FencedClaimWriter}): its thread, queue and transactional producer are a
 * {@link TransactionalLane}; this class keeps the claims' decision. Each cycle takes every
 * claim waiting (at most {@link #MOST_PER_TRANSACTION}), appends their STARTED intents in one open transaction, makes
 * sure the ledger knows every record of their ids before the first of them in each partition ({@link ClaimFence}),
 * and then commits, or aborts when a COMPLETED of one of the ids was read (that claim is answered from it; the others
 * go again in the next cycle, at once).
 *
 * <p>The main lane takes the claims of every intents partition (one transaction a cycle, not one per partition:
 * the broker's cost is per transaction) and never waits: a cycle the fence cannot settle at once is aborted and its
 * claims go to their partition's lane, which may wait for the tail. A waiting transaction thus spans one partition
 * (no circle with another instance's cycle) and holds up that partition's claims only. The argument and the
 * measurements: {@link FencedClaimWriter}, docs/connector.md, docs/benchmarks.md.
 *
 * <p>A batch whose records are not contiguous in some partition ({@link CycleOffsets}) is aborted and its claims are
 * written one per transaction for a cycle.
 */
final class ClaimLane implements AutoCloseable, TransactionalLane.Work<ClaimLane.Pending> {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimLane.class);
    private static final int MOST_PER_TRANSACTION = 100;
    private static final long TAKE_MILLIS = 100;

    /** A claim's end in this lane: decided, or lost (nothing visible; the writer writes it again). */
    sealed interface Result {
    }

    record Decided(FencedClaimWriter.Written written) implements Result {
    }

    record Lost(String why) implements Result {
    }

    record Pending(String requestId, ProducerRecord<byte[], byte[]> record, BooleanSupplier stopping,
                   CompletableFuture<Result> answer, long since) {
        int partition() {
            return record.partition();
        }
    }

    private final String name;
    private final CycleFence fence;
    private final Function<String, Optional<LedgerEntry.Completed>> completed;
    private final Duration waitBudget;
    private final FencedClaimWriter.Hook hook;
    private final MeterRegistry meters;
    /** A partition's lane, where claims go that this lane cannot settle without waiting; null: this lane waits. */
    private final IntFunction<ClaimLane> waitingLanes;
    private final TransactionalLane<Pending> lane;
    /** Lane thread only. */
    private boolean single;

    ClaimLane(final String name, final Supplier<Transactions> producers, final CycleFence fence,
              final Function<String, Optional<LedgerEntry.Completed>> completed, final Duration waitBudget,
              final FencedClaimWriter.Hook hook, final MeterRegistry meters,
              final IntFunction<ClaimLane> waitingLanes) {
        this.name = name;
        this.waitingLanes = waitingLanes;
        this.fence = fence;
        this.completed = completed;
        this.waitBudget = waitBudget;
        this.hook = hook;
        this.meters = meters;
        this.lane = new TransactionalLane<>(name, new LaneProducer(producers), Duration.ofMillis(TAKE_MILLIS), false);
        lane.start(this);
    }

    /** Queues the claim and blocks until its cycle (here or in the lane it was handed to) decided it. */
    Result submit(final String requestId, final ProducerRecord<byte[], byte[]> record, final BooleanSupplier stopping) {
        final var pending = new Pending(requestId, record, stopping, new CompletableFuture<>(), System.nanoTime());
        enqueue(pending);
        try {
            return pending.answer().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Decided(new FencedClaimWriter.Written.Stopped());
        } catch (ExecutionException e) {
            return new Lost(e.getCause().toString());
        }
    }

    private void enqueue(final Pending pending) {
        lane.add(pending);
    }

    /** Claims queued here and not yet taken by a cycle. */
    int waiting() {
        return lane.waiting();
    }

    /** Every claim waiting (one only after an interleaved cycle), less those whose request stopped meanwhile. */
    @Override
    public List<Pending> batch(final Pending first) {
        final var batch = new ArrayList<Pending>();
        batch.add(first);
        if (!single) {
            lane.drainTo(batch, MOST_PER_TRANSACTION - 1);
        }
        batch.removeIf(p -> p.stopping().getAsBoolean() && decide(p, new FencedClaimWriter.Written.Stopped()));
        return batch;
    }

    @Override
    public void stopped(final Pending waiting) {
        waiting.answer().complete(new Decided(new FencedClaimWriter.Written.Stopped()));
    }

    @Override
    public void ending() {
        fence.close();
    }

    @Override
    public void cycle(final List<Pending> batch, final LaneProducer producers) {
        final long deadline = System.nanoTime() + waitBudget.toNanos();
        final Transactions producer;
        try {
            producer = producers.get();
        } catch (RuntimeException e) {
            lose(batch, "the claim producer of " + name + " cannot start: " + e);
            return;
        }
        try {
            hook.beforeSend(batch.stream().map(Pending::requestId).toList());
            producer.begin();
            final var sent = batch.stream().map(p -> producer.append(p.record())).toList();
            final long[] offsets = new long[batch.size()];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .offset();
            }
            final var firsts = CycleOffsets.firstsIfContiguous(batch.stream().mapToInt(Pending::partition).toArray(),
                    offsets);
            if (firsts.isEmpty()) {
                producer.abort();
                transaction("aborted_interleaved");
                single = true;
                requeue(batch);
                return;
            }
            single = false;
            final var verdict = fence.settled(firsts, batch.stream().map(p -> p.record().key()).toList(), deadline,
                    lane::closed, waitingLanes == null);
            if (verdict == ClaimFence.Verdict.NOT_AT_ONCE) {
                producer.abort();
                transaction("aborted_handed_over");
                batch.forEach(p -> waitingLanes.apply(p.partition()).enqueue(p));
                return;
            }
            if (verdict == ClaimFence.Verdict.UNSETTLED) {
                producer.abort();
                transaction("aborted_unstable");
                lose(batch, "intents partition " + firsts.keySet() + " did not become stable within " + waitBudget
                        + " (a transaction of another writer is still open)");
                return;
            }
            final var rest = new ArrayList<Pending>();
            final var answered = new ArrayList<Runnable>();
            for (final var pending : batch) {
                final var done = completed.apply(pending.requestId());
                if (done.isPresent()) {
                    answered.add(() -> answered(pending, done.get()));
                } else {
                    rest.add(pending);
                }
            }
            if (!answered.isEmpty()) {
                producer.abort();
                transaction("aborted_completed");
                answered.forEach(Runnable::run);
                requeue(rest);
                return;
            }
            producer.commit();
            transaction("committed");
            for (int i = 0; i < offsets.length; i++) {
                decide(batch.get(i), new FencedClaimWriter.Written.Visible(new IntentPosition(batch.get(i).partition(),
                        offsets[i])));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lane.end();
            producers.drop();
            lose(batch, "stopping");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            producers.abortOrDrop();
            transaction("failed");
            lose(batch, rootMessage(e));
        }
    }

    private void answered(final Pending pending, final LedgerEntry.Completed done) {
        meters.counter("connector.claims", "outcome", "aborted_completed").increment();
        LOG.info("request {}: a COMPLETED of it was committed before this instance's STARTED (intents partition {});"
                + " the STARTED is aborted and the request is answered from the COMPLETED", pending.requestId(),
                pending.partition());
        decide(pending, new FencedClaimWriter.Written.Answered(done));
    }

    /** Back to the front of the queue, in order: they go in the very next cycle. */
    private void requeue(final List<Pending> pending) {
        lane.requeue(pending);
    }

    private boolean decide(final Pending pending, final FencedClaimWriter.Written written) {
        meters.timer("connector.claims.write").record(System.nanoTime() - pending.since(), TimeUnit.NANOSECONDS);
        return pending.answer().complete(new Decided(written));
    }

    private void lose(final List<Pending> batch, final String why) {
        batch.forEach(p -> p.answer().complete(new Lost(why)));
    }

    private void transaction(final String outcome) {
        meters.counter("connector.claims.transactions", "outcome", outcome).increment();
    }

    private static String rootMessage(final Throwable e) {
        var cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** Why this lane is stuck ({@link TransactionalLane#stalled}); empty while it moves. */
    Optional<String> stalled(final Duration after) {
        return lane.stalled(after);
    }

    @Override
    public void close() {
        lane.close();
    }
}
