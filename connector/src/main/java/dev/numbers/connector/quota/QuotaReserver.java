package dev.numbers.connector.quota;

import dev.numbers.schemas.avro.QuotaState;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides reservations, one transaction per batch of what is waiting at that moment: send every RESERVED, wait until
 * the follower has read each tenant partition up to the batch's first reservation on it (the open transaction holds
 * the Last Stable Offset there, so this happens exactly when every earlier transaction on the partition is resolved
 * and read), count, add RETURNED for the ones over the limit, commit. Only a committed batch answers its asks; a
 * batch that failed or waited too long is aborted and tried again, so a stalled writer never decides on counts that
 * changed meanwhile (the broker aborts a transaction older than transaction.timeout.ms, and its commit then fails).
 */
final class QuotaReserver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaReserver.class);
    private static final int MAX_BATCH = 500;

    /** What a reservation ended as. */
    sealed interface Decision {
        /** Counted (or counted already by an earlier run of the same request) in {@code day}. */
        record Admitted(LocalDate day) implements Decision {
        }

        /** Over the limit of {@code window} ("day" or "total"), {@code count} numbers being counted already. */
        record Refused(String window, int limit, int count, LocalDate day) implements Decision {
        }
    }

    record Ask(String tenant, String requestId, int count, QuotaConfig.Limits limits,
               CompletableFuture<Decision> answer) {
    }

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final QuotaRecords records;
    private final QuotaFollower follower;
    private final QuotaBook book;
    private final Duration reserveTimeout;
    private final LinkedBlockingDeque<Ask> asks = new LinkedBlockingDeque<>();
    private final Timer lsoWait;
    private final DistributionSummary batchSize;
    private final MeterRegistry meters;
    private final Thread thread;
    private volatile boolean running = true;
    private Producer<byte[], byte[]> producer;

    QuotaReserver(final Supplier<Producer<byte[], byte[]>> producers, final QuotaRecords records,
                  final QuotaFollower follower, final QuotaBook book, final Duration reserveTimeout,
                  final MeterRegistry meters) {
        this.producers = producers;
        this.records = records;
        this.follower = follower;
        this.book = book;
        this.reserveTimeout = reserveTimeout;
        this.meters = meters;
        this.lsoWait = Timer.builder("connector.quota.reserve.wait")
                .description("time from sending a batch's reservations to having read every earlier transaction")
                .register(meters);
        this.batchSize = DistributionSummary.builder("connector.quota.batch.size").register(meters);
        this.thread = Thread.ofPlatform().daemon().name("quota-reserver").start(this::run);
    }

    CompletableFuture<Decision> ask(final String tenant, final String requestId, final int count,
                                    final QuotaConfig.Limits limits) {
        final var ask = new Ask(tenant, requestId, count, limits, new CompletableFuture<>());
        asks.add(ask);
        return ask.answer();
    }

    private void run() {
        var pause = Duration.ofMillis(50);
        while (running) {
            final var batch = new ArrayList<Ask>();
            try {
                final var first = asks.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                asks.drainTo(batch, MAX_BATCH - 1);
                decide(batch);
                pause = Duration.ofMillis(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | java.util.concurrent.ExecutionException
                     | java.util.concurrent.TimeoutException e) {
                meters.counter("connector.quota.transactions", "outcome", "aborted").increment();
                LOG.warn("quota reservation of {} request(s) aborted, trying again in {} ms: {}", batch.size(),
                        pause.toMillis(), e.toString());
                abort();
                for (int i = batch.size() - 1; i >= 0; i--) {
                    asks.addFirst(batch.get(i));
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(reserveTimeout) > 0 ? reserveTimeout : pause.multipliedBy(2);
            }
        }
    }

    private void decide(final List<Ask> batch) throws InterruptedException, java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException {
        if (producer == null) {
            producer = producers.get();
        }
        final long deadline = System.nanoTime() + reserveTimeout.toNanos();
        final var today = records.today();
        producer.beginTransaction();
        final var sent = new ArrayList<java.util.concurrent.Future<RecordMetadata>>();
        for (final var ask : batch) {
            sent.add(producer.send(records.record(ask.tenant(), ask.requestId(), today, ask.count(), List.of(),
                    QuotaState.RESERVED)));
        }
        final var offsets = new ArrayList<Long>();
        final Map<Integer, Long> firstOnPartition = new HashMap<>();
        for (final var future : sent) {
            final var landed = future.get(left(deadline), TimeUnit.NANOSECONDS);
            offsets.add(landed.offset());
            firstOnPartition.merge(landed.partition(), landed.offset(), Math::min);
        }
        final long waitStarted = System.nanoTime();
        for (final var partition : firstOnPartition.entrySet()) {
            if (!follower.awaitRead(partition.getKey(), partition.getValue(), Duration.ofNanos(left(deadline)))) {
                throw new java.util.concurrent.TimeoutException("partition " + partition.getKey()
                        + " not read up to offset " + partition.getValue() + " within " + reserveTimeout
                        + " (an earlier transaction is still open)");
            }
        }
        lsoWait.record(System.nanoTime() - waitStarted, TimeUnit.NANOSECONDS);
        final var decisions = count(batch, today);
        for (int i = 0; i < batch.size(); i++) {
            if (decisions.get(i) instanceof Decision.Refused) {
                final var ask = batch.get(i);
                producer.send(records.record(ask.tenant(), ask.requestId(), today, ask.count(), List.of(),
                        QuotaState.RETURNED));
            }
        }
        producer.commitTransaction();
        meters.counter("connector.quota.transactions", "outcome", "committed").increment();
        batchSize.record(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).answer().complete(decisions.get(i));
        }
    }

    /**
     * The decisions in the order the reservations were sent (which is their offset order per partition): the book
     * holds every committed entry before them, and earlier admissions of this batch count too.
     */
    private List<Decision> count(final List<Ask> batch, final LocalDate today) {
        final var admittedHere = new HashMap<String, Integer>();
        final var keysHere = new java.util.HashSet<String>();
        final var decisions = new ArrayList<Decision>();
        for (final var ask : batch) {
            final var earlier = book.reservedOn(ask.tenant(), ask.requestId());
            if (earlier.isPresent()) {
                decisions.add(new Decision.Admitted(earlier.get()));
                continue;
            }
            if (!keysHere.add(ask.tenant() + "|" + ask.requestId())) {
                decisions.add(new Decision.Admitted(today));
                continue;
            }
            final var counts = book.counts(ask.tenant(), today);
            final int extra = admittedHere.getOrDefault(ask.tenant(), 0);
            final var limits = ask.limits();
            if (limits.perDay() != null && counts.day() + extra + ask.count() > limits.perDay()) {
                decisions.add(new Decision.Refused("day", limits.perDay(), counts.day() + extra, today));
            } else if (limits.total() != null && counts.total() + extra + ask.count() > limits.total()) {
                decisions.add(new Decision.Refused("total", limits.total(), counts.total() + extra, today));
            } else {
                admittedHere.merge(ask.tenant(), ask.count(), Integer::sum);
                decisions.add(new Decision.Admitted(today));
            }
        }
        return decisions;
    }

    private void abort() {
        if (producer == null) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (RuntimeException cannot) {
            // Fenced, timed out by the broker, or in an error state: a new producer with the same transactional.id
            // fences whatever this one left open.
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private static long left(final long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
