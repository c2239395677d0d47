package dev.numbers.connector.ledger;

import dev.numbers.connector.lane.Appender;
import dev.numbers.connector.lane.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the life of completed request_ids whose requested_at left the dedupe window: a tombstone on the intents
 * topic (so compaction drops the intent and a restore never reads it again), then removal from the store.
 * STARTED entries are never touched: an undecided request may have bought something, and only its result may end it.
 *
 * <p>Every instance runs it over the whole store; two instances tombstoning the same id write the same nothing twice.
 */
final class LedgerExpiry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerExpiry.class);
    private static final int BATCH = 10_000;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final LedgerStore store;
    private final Appender producer;
    private final BiConsumer<List<String>, Instant> remove;
    private final Duration window;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ledger-expiry").daemon().factory());

    /** {@code remove} drops ids from the store if they are still completed before the cutoff (the ledger's lock). */
    LedgerExpiry(final String topic, final LedgerStore store, final Appender producer,
                 final BiConsumer<List<String>, Instant> remove, final Duration window, final MeterRegistry meters,
                 final Clock clock) {
        this.topic = topic;
        this.store = store;
        this.producer = producer;
        this.remove = remove;
        this.window = window;
        this.meters = meters;
        this.clock = clock;
        meters.counter("connector.ledger.expired");
    }

    void schedule(final Duration every) {
        timer.scheduleWithFixedDelay(this::runQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runQuietly() {
        try {
            expire();
        } catch (RuntimeException e) {
            meters.counter("connector.ledger.expiry.failures").increment();
            LOG.warn("ledger expiry failed ({}); trying again at the next interval", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Expires everything due now; returns how many request_ids were tombstoned. */
    long expire() throws InterruptedException {
        final var cutoff = clock.instant().minus(window);
        long total = 0;
        while (!Thread.currentThread().isInterrupted()) {
            final var due = store.completedBefore(cutoff, BATCH);
            if (due.isEmpty()) {
                break;
            }
            final var acks = new ArrayList<Future<Transactions.Appended>>(due.size());
            for (final var id : due) {
                acks.add(producer.append(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), null)));
            }
            for (final var ack : acks) {
                try {
                    ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("a tombstone was not acknowledged: " + e.getMessage(), e);
                }
            }
            remove.accept(due, cutoff);
            total += due.size();
            meters.counter("connector.ledger.expired").increment(due.size());
            if (due.size() < BATCH) {
                break;
            }
        }
        if (total > 0) {
            LOG.info("ledger expiry: {} request_id(s) requested before {} tombstoned on {}", total, cutoff, topic);
        }
        return total;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
