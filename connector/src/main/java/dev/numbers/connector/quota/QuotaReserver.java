package dev.numbers.connector.quota;

import dev.numbers.connector.lane.LaneProducer;
import dev.numbers.connector.lane.TransactionalLane;
import dev.numbers.connector.lane.Transactions;
import dev.numbers.schemas.avro.QuotaState;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides reservations, one transaction per batch of what is waiting at that moment (one reservation per partition):
 * send every RESERVED, wait until the follower has read each partition up to our reservation on it (the open
 * transaction holds the Last Stable Offset there, so this happens exactly when every earlier transaction on the
 * partition is resolved and read), count, and commit when all are under their limits. A batch with a refusal is
 * aborted: its refusals are answered and its admitted reservations decided again in the next transaction, so a
 * committed transaction holds only admitted reservations and every reader's count is exact. A batch that failed or
 * waited too long is aborted and tried again, so a stalled writer never decides on counts that changed meanwhile
 * (the broker aborts a transaction older than transaction.timeout.ms, and its commit then fails).
 *
 * <p>The thread, the queue and the transactional producer are a {@link TransactionalLane} (the claim writer's lane
 * too); this class keeps the reservations' decision. Counting is a room of its own ({@link QuotaBook}, {@link
 * QuotaFollower}).
 */
final class QuotaReserver implements AutoCloseable, Reservations, TransactionalLane.Work<QuotaReserver.Ask> {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaReserver.class);
    private static final int MAX_BATCH = 500;
    private static final int STALL_AFTER = 3;

    /** What a reservation ended as. */
    sealed interface Decision {
        /** Counted (or counted already by an earlier run of the same request) in {@code day}. */
        record Admitted(LocalDate day) implements Decision {
        }

        /** Over the limit of {@code window} ("day" or "total"), {@code count} numbers being counted already. */
        record Refused(String window, int limit, int count, LocalDate day) implements Decision {
        }

        /** A release of a number the tenant does not hold at that provider and account. */
        record NotHeld() implements Decision {
        }
    }

    /** {@code release}: for a release (count 0), the number it gives back and where; null for a purchase. */
    record Ask(String tenant, String requestId, int count, QuotaConfig.Limits limits, QuotaBook.Holding release,
               CompletableFuture<Decision> answer) {
    }

    private final QuotaRecords records;
    private final QuotaFollower follower;
    private final QuotaBook book;
    private final Duration reserveTimeout;
    private final Timer lsoWait;
    private final DistributionSummary batchSize;
    private final MeterRegistry meters;
    private final QuotaStall stall = new QuotaStall(STALL_AFTER);
    private final TransactionalLane<Ask> lane;
    /** Lane thread only: the wait after an aborted batch, doubling while they go on. */
    private Duration pause = Duration.ofMillis(50);

    QuotaReserver(final Supplier<Transactions> producers, final QuotaRecords records,
                  final QuotaFollower follower, final QuotaBook book, final Duration reserveTimeout,
                  final MeterRegistry meters) {
        this.records = records;
        this.follower = follower;
        this.book = book;
        this.reserveTimeout = reserveTimeout;
        this.meters = meters;
        this.lsoWait = Timer.builder("connector.quota.reserve.wait")
                .description("time from sending a batch's reservations to having read every earlier transaction")
                .register(meters);
        this.batchSize = DistributionSummary.builder("connector.quota.batch.size").register(meters);
        this.lane = new TransactionalLane<>("quota-reserver", new LaneProducer(producers), Duration.ofMillis(100),
                true);
        lane.start(this);
    }

    @Override
    public CompletableFuture<Decision> ask(final String tenant, final String requestId, final int count,
                                    final QuotaConfig.Limits limits) {
        final var ask = new Ask(tenant, requestId, count, limits, null, new CompletableFuture<>());
        lane.add(ask);
        return ask.answer();
    }

    /**
     * A release of {@code release}: decided like a reservation of nothing, so the book has read every entry of the
     * tenant committed before it (a purchase another instance just finished too); admitted only while the tenant
     * holds that number there.
     */
    @Override
    public CompletableFuture<Decision> askRelease(final String tenant, final String requestId,
                                           final QuotaBook.Holding release, final QuotaConfig.Limits limits) {
        final var ask = new Ask(tenant, requestId, 0, limits, release, new CompletableFuture<>());
        lane.add(ask);
        return ask.answer();
    }

    /** A batch that failed or waited too long is aborted and tried again after a pause that grows meanwhile. */
    @Override
    public void cycle(final List<Ask> batch, final LaneProducer producer) throws InterruptedException {
        try {
            decide(batch, producer);
            pause = Duration.ofMillis(50);
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            meters.counter("connector.quota.transactions", "outcome", "aborted").increment();
            stall.aborted(e.toString());
            LOG.warn("quota reservation of {} request(s) aborted, trying again in {} ms: {}", batch.size(),
                    pause.toMillis(), e.toString());
            producer.abortOrDrop();
            requeue(batch);
            Thread.sleep(pause);
            pause = pause.multipliedBy(2).compareTo(reserveTimeout) > 0 ? reserveTimeout : pause.multipliedBy(2);
        }
    }

    /** Asks left when the lane closes stay unanswered: their requests are stopping (see {@link Quotas#admit}). */
    @Override
    public void stopped(final Ask waiting) {
    }

    /**
     * The batch: what waits now, but one reservation per partition. Two records of one transaction on a partition
     * could have another instance's reservation land between them, and that instance, reading only up to its own,
     * would see the first and miss the second. The rest wait for the next transaction, in their order.
     */
    @Override
    public List<Ask> batch(final Ask first) {
        final var waiting = new ArrayList<Ask>();
        waiting.add(first);
        lane.drainTo(waiting, Integer.MAX_VALUE);
        final var batch = new ArrayList<Ask>();
        final var later = new ArrayList<Ask>();
        final var partitions = new HashSet<Integer>();
        for (final var ask : waiting) {
            if (batch.size() < MAX_BATCH && partitions.add(records.partition(ask.tenant()))) {
                batch.add(ask);
            } else {
                later.add(ask);
            }
        }
        requeue(later);
        return batch;
    }

    /** Back to the front of the queue, in order; an ask already answered (refused) never reserves again. */
    private void requeue(final List<Ask> again) {
        lane.requeue(again.stream().filter(ask -> !ask.answer().isDone()).toList());
    }

    private void decide(final List<Ask> batch, final LaneProducer producers) throws InterruptedException,
            ExecutionException, TimeoutException {
        final var producer = producers.get();
        final long deadline = System.nanoTime() + reserveTimeout.toNanos();
        final var today = records.today();
        producer.begin();
        final var sent = new ArrayList<Future<Transactions.Appended>>();
        for (final var ask : batch) {
            sent.add(producer.append(records.record(ask.tenant(), ask.requestId(), today, ask.count(), List.of(),
                    QuotaState.RESERVED, null)));
        }
        final var landed = new ArrayList<Transactions.Appended>();
        for (final var future : sent) {
            landed.add(future.get(left(deadline), TimeUnit.NANOSECONDS));
        }
        final long waitStarted = System.nanoTime();
        for (final var reservation : landed) {
            if (!follower.awaitRead(reservation.partition(), reservation.offset(), Duration.ofNanos(left(deadline)))) {
                throw new TimeoutException("partition " + reservation.partition()
                        + " not read up to offset " + reservation.offset() + " within " + reserveTimeout
                        + " (an earlier transaction is still open)");
            }
        }
        lsoWait.record(System.nanoTime() - waitStarted, TimeUnit.NANOSECONDS);
        batchSize.record(batch.size());
        stall.committed();
        final var decisions = batch.stream().map(ask -> decision(ask, today)).toList();
        final var admitted = new ArrayList<Ask>();
        for (int i = 0; i < batch.size(); i++) {
            if (!(decisions.get(i) instanceof Decision.Admitted)) {
                batch.get(i).answer().complete(decisions.get(i));
            } else {
                admitted.add(batch.get(i));
            }
        }
        if (admitted.size() < batch.size()) {
            // A refused reservation must not be committed: cancelling it with a later entry would let another
            // instance, reading only up to its own reservation, count it. So nothing of this batch is committed;
            // the refusals are answered (the limit was reached before them) and the admitted ones decided again.
            producer.abort();
            meters.counter("connector.quota.transactions", "outcome", "refused").increment();
            requeue(admitted);
            return;
        }
        producer.commit();
        meters.counter("connector.quota.transactions", "outcome", "committed").increment();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).answer().complete(decisions.get(i));
        }
    }

    /** One reservation, decided when the book holds every committed entry before it on its partition. */
    private Decision decision(final Ask ask, final LocalDate today) {
        return QuotaRule.decide(book, ask.tenant(), ask.requestId(), ask.count(), ask.limits(), ask.release(), today);
    }

    /**
     * Why reservations are stuck, while they are: aborting in a row, or the lane's transaction not done within twice
     * the reserve timeout (a reservation never waits that long).
     */
    Optional<String> stalled() {
        return stall.reason().or(() -> lane.stalled(reserveTimeout.multipliedBy(2)));
    }

    private static long left(final long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    @Override
    public void close() {
        lane.close();
    }
}
