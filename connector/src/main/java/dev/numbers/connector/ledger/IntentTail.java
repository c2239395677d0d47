package dev.numbers.connector.ledger;

import dev.numbers.connector.lane.PartitionReader;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the intents topic for as long as the connector runs (read_committed, every partition) and hands each record
 * to the ledger. So what other instances start and complete is known here within a poll, not only at the next
 * partition assignment, and a claim writer can wait until it has read everything before a STARTED still in an open
 * transaction ({@link #awaitReached}).
 *
 * <p>It starts at the first record stamped at or after {@code since}, not at the topic's end: the ledger's catch-up
 * reads from its checkpoint on, which after a graceful restart lies past the STARTED intents of claims other
 * instances still hold, so the claim board would not know them. Claims have a bounded life ({@link ClaimLife}), so
 * reading back that far shows the board every claim that may still stand in the way. Records read again merge into
 * the ledger as before (a COMPLETED stays final).
 */
final class IntentTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IntentTail.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final long AWAIT_STEP_NANOS = Duration.ofMillis(50).toNanos();
    private static final Duration HELD_PAUSE = Duration.ofSeconds(1);
    private static final Duration HELD_REPORT_EVERY = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final String topic;
    private final PartitionReader reader;
    private final Records ledger;
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    /** Where the tail began in each partition: from there on it has handed every record to the ledger. */
    private final Map<Integer, Long> starts;
    private final int partitionCount;
    /** Signalled after every poll, so waiters wake as soon as the tail moves (not on a sleep step). */
    private final ReentrantLock moving = new ReentrantLock();
    private final Condition moved = moving.newCondition();
    private final Thread thread;
    /** Records the tail could not apply (other than while the registry is away); each is read again. */
    private final Counter failures;
    private volatile boolean closed;
    /** Tail thread only: when the next "held by the registry" warning may be logged. */
    private long nextHeldReport = System.nanoTime();

    /** Where the tail hands what it reads: the ledger's {@code observe}. */
    @FunctionalInterface
    interface Records {
        void observe(ConsumerRecord<byte[], byte[]> record);
    }

    /** {@code reader}: read_committed (in production a Kafka consumer without a group). */
    IntentTail(final String topic, final PartitionReader reader, final Records ledger, final Instant since,
               final MeterRegistry meters) {
        this.topic = topic;
        this.failures = meters.counter("connector.ledger.tail.failures");
        this.reader = reader;
        this.ledger = ledger;
        this.partitionCount = reader.assignSince(topic, since);
        // Resolved now, before any claim is written, so no STARTED of ours lies before where the tail starts.
        for (int p = 0; p < partitionCount; p++) {
            positions.put(p, reader.position(p));
        }
        this.starts = Map.copyOf(positions);
        this.thread = Thread.ofPlatform().daemon().name("intents-tail").start(this::follow);
    }

    private void follow() {
        while (!closed) {
            try {
                final var held = new HashSet<Integer>();
                for (final var record : reader.poll(POLL)) {
                    if (!held.contains(record.partition()) && !observed(record)) {
                        held.add(record.partition());
                    }
                }
                for (int p = 0; p < partitionCount; p++) {
                    positions.put(p, reader.position(p));
                }
                signal();
                if (!held.isEmpty()) {
                    // The partition's claims wait meanwhile (the tail has not reached them), as they must.
                    Thread.sleep(HELD_PAUSE);
                }
            } catch (WakeupException | InterruptedException e) {
                // close() wakes the poll
            } catch (RuntimeException e) {
                if (!closed) {
                    failures.increment();
                    LOG.warn("reading the intents topic {} failed ({}); reading on from the last published"
                            + " positions", topic, e.toString());
                    rewind();
                }
            }
        }
        reader.close(Duration.ofSeconds(5));
    }

    /**
     * After a failure part-way through a poll: every partition is read again from the position last published, so
     * a record the failure skipped is handed to the ledger before any position past it is published.
     */
    private void rewind() {
        try {
            for (int p = 0; p < partitionCount; p++) {
                final long at = positions.getOrDefault(p, -1L);
                if (at >= 0) {
                    reader.seek(p, at);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot rewind the intents tail ({}); it stops publishing positions", e.toString());
            closed = true;
        }
    }

    /**
     * Hands one record to the ledger; false when it could not be handled (its intent undecodable while the schema
     * registry is away, or any other failure), in which case the partition is read again from it: the position stays
     * before it, so the fence never reports as read a record the ledger did not get, and no claim goes past it.
     */
    private boolean observed(final ConsumerRecord<byte[], byte[]> record) {
        try {
            ledger.observe(record);
            return true;
        } catch (RegistryUnavailableException away) {
            held(record, "cannot be decoded while the schema registry is away (" + away.getMessage() + ")");
            return false;
        } catch (RuntimeException failed) {
            if (!closed) {
                failures.increment();
                held(record, "could not be applied (" + failed + ")");
            }
            return false;
        }
    }

    private void held(final ConsumerRecord<byte[], byte[]> record, final String why) {
        reader.seek(record.partition(), record.offset());
        if (System.nanoTime() - nextHeldReport > 0) {
            LOG.warn("intent {}-{}@{} {}; the tail reads it again", topic, record.partition(), record.offset(), why);
            nextHeldReport = System.nanoTime() + HELD_REPORT_EVERY.toNanos();
        }
    }

    /**
     * Waits until every record of {@code partition} below {@code offset} has been read and handed to the ledger.
     * A read_committed reader gets there only once every transaction holding a record below it has ended, which
     * is what a claim writer relies on ({@link FencedClaimWriter}). False when the deadline ({@link System#nanoTime})
     * passes, the tail closes or {@code stopping} says so first.
     */
    boolean awaitReached(final int partition, final long offset, final long deadlineNanos,
                         final BooleanSupplier stopping) {
        moving.lock();
        try {
            while (positions.getOrDefault(partition, -1L) < offset) {
                final long left = deadlineNanos - System.nanoTime();
                if (left <= 0 || closed || stopping.getAsBoolean()) {
                    return false;
                }
                moved.awaitNanos(Math.min(left, AWAIT_STEP_NANOS));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            moving.unlock();
        }
    }

    /**
     * Where the tail is in {@code partition}: every record below it has been handed to the ledger, and (the tail
     * reads read_committed) every transaction holding a record below it has ended. -1 when unknown.
     */
    long position(final int partition) {
        return positions.getOrDefault(partition, -1L);
    }

    String topic() {
        return topic;
    }

    /**
     * Where the ledger's checkpoint may move without reading the topic again: the tail's positions past it, when the
     * tail still follows every partition of {@code checkpoint} and began at or before it in each (so everything from
     * the checkpoint up to its position went through the ledger); empty when it does not cover the checkpoint.
     */
    Optional<Map<Integer, Long>> covering(final Map<Integer, Long> checkpoint) {
        if (closed || checkpoint.isEmpty() || !starts.keySet().containsAll(checkpoint.keySet())) {
            return Optional.empty();
        }
        for (final var partition : starts.entrySet()) {
            final Long at = checkpoint.get(partition.getKey());
            if (at == null || at < partition.getValue()) {
                return Optional.empty();
            }
        }
        final var ahead = new HashMap<Integer, Long>();
        positions.forEach((partition, at) -> {
            if (at > checkpoint.get(partition)) {
                ahead.put(partition, at);
            }
        });
        return Optional.of(ahead);
    }

    /** How many partitions the intents topic had when the tail started. */
    int partitions() {
        return partitionCount;
    }

    private void signal() {
        moving.lock();
        try {
            moved.signalAll();
        } finally {
            moving.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        signal();
        reader.wakeup();
        try {
            if (!thread.join(CLOSE_WAIT)) {
                LOG.warn("the intents tail did not stop within {}; a store access after this fails", CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
