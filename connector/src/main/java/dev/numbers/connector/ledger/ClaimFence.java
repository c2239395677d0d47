package dev.numbers.connector.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when a claim cycle of one intents partition may ask the ledger whether its ids are COMPLETED: the ledger must
 * know every record of those ids that lies before the cycle's first STARTED (offset F, in the lane's open
 * transaction). Everything below the tail's position P is in the ledger (the tail reads read_committed, so every
 * transaction with a record below P has ended and its committed records were applied). The fence reads [P, F)
 * <em>read_uncommitted</em> with a consumer of its own: records of open, committed and aborted transactions alike.
 * When none of them has the key (request_id) of a claim in the batch, no intent of those ids can ever become
 * visible before F (nothing is inserted below an offset already written), so the ledger's answer is final at once
 * and the cycle does not wait for other ids' transactions (the result publisher's COMPLETED of other requests).
 *
 * <p>Otherwise it waits, as every cycle used to, until the tail has read up to F ({@link IntentTail#awaitReached}):
 * when a record of one of the ids is in the range (its transaction may still commit a COMPLETED), when the range is
 * longer than {@code scanLimit} records (the tail is far behind: reading it would cost more than waiting), when the
 * tail's position is not known yet, or when the read fails or does not reach F within {@link #SCAN_BUDGET}. Waiting
 * is always safe; the read only lets a cycle skip the wait when waiting could not change the ledger's answer.
 *
 * <p>Compaction cannot hide a record of the range: the cleaner never passes the partition's last stable offset, which
 * the open transaction holds at or below F, so a record it removed below F has a later record of its key, also below
 * F, which the read sees. One fence per {@link ClaimLane}, used on the lane's thread only (a consumer is not shared).
 */
final class ClaimFence implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimFence.class);
    /** The read is a few fetches of data already on the broker; longer means something is wrong: wait instead. */
    private static final Duration SCAN_BUDGET = Duration.ofSeconds(2);
    private static final long POLL_STEP_NANOS = Duration.ofMillis(100).toNanos();

    /** Which way a cycle went, as timed in {@code connector.claims.fence{path,why}}. */
    private enum Path {
        CLEAR("scanned", "clear"),
        SAME_ID("waited", "same_id"),
        FAR_BEHIND("waited", "far_behind"),
        SCAN_FAILED("waited", "scan_failed");

        private final String path;
        private final String why;

        Path(final String path, final String why) {
            this.path = path;
            this.why = why;
        }
    }

    private final TopicPartition partition;
    private final IntentTail tail;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final int scanLimit;
    private final MeterRegistry meters;
    /** Lane thread only; built on first use and again after a failure. */
    private Consumer<byte[], byte[]> consumer;

    /** {@code consumers} builds a read_uncommitted consumer without a group, with no offset reset. */
    ClaimFence(final IntentTail tail, final int partition, final Supplier<Consumer<byte[], byte[]>> consumers,
               final int scanLimit, final MeterRegistry meters) {
        this.partition = new TopicPartition(tail.topic(), partition);
        this.tail = tail;
        this.consumers = consumers;
        this.scanLimit = scanLimit;
        this.meters = meters;
    }

    /**
     * True once the ledger holds every record of the {@code keys}' request_ids below {@code first} that can ever be
     * committed; false when the deadline ({@link System#nanoTime}) passes, the tail closes or {@code stopping} says
     * so first.
     */
    boolean settled(final long first, final List<byte[]> keys, final long deadlineNanos,
                    final BooleanSupplier stopping) {
        final long start = System.nanoTime();
        final var path = path(tail.position(partition.partition()), first, keys, deadlineNanos, stopping);
        final boolean settled = path == Path.CLEAR
                || tail.awaitReached(partition.partition(), first, deadlineNanos, stopping);
        meters.timer("connector.claims.fence", "path", path.path, "why", path.why)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return settled;
    }

    private Path path(final long from, final long first, final List<byte[]> keys, final long deadlineNanos,
                      final BooleanSupplier stopping) {
        if (from < 0 || first - from > scanLimit) {
            return Path.FAR_BEHIND;
        }
        if (from >= first) {
            return Path.CLEAR;
        }
        try {
            return scan(from, first, keySet(keys), Math.min(deadlineNanos, System.nanoTime() + SCAN_BUDGET.toNanos()),
                    stopping);
        } catch (RuntimeException e) {
            // The class only: a client exception's message can name the cluster's security settings.
            LOG.warn("intents partition {}: the uncommitted read before a claim failed ({}); the claim waits for the"
                    + " partition's earlier transactions instead", partition.partition(), e.getClass().getName());
            drop();
            return Path.SCAN_FAILED;
        }
    }

    private Path scan(final long from, final long first, final Set<ByteBuffer> keys, final long until,
                      final BooleanSupplier stopping) {
        if (consumer == null) {
            consumer = consumers.get();
            consumer.assign(List.of(partition));
        }
        consumer.seek(partition, from);
        while (consumer.position(partition) < first) {
            final long left = until - System.nanoTime();
            if (left <= 0 || stopping.getAsBoolean()) {
                return Path.SCAN_FAILED;
            }
            for (final var record : consumer.poll(Duration.ofNanos(Math.min(left, POLL_STEP_NANOS)))) {
                if (record.offset() < first && record.key() != null && keys.contains(ByteBuffer.wrap(record.key()))) {
                    return Path.SAME_ID;
                }
            }
        }
        return Path.CLEAR;
    }

    private static Set<ByteBuffer> keySet(final List<byte[]> keys) {
        final var set = new HashSet<ByteBuffer>();
        keys.forEach(key -> set.add(ByteBuffer.wrap(key)));
        return set;
    }

    private void drop() {
        if (consumer != null) {
            try {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
            } catch (RuntimeException ignored) {
                // it is being replaced anyway
            }
            consumer = null;
        }
    }

    /** On the lane's thread, when the lane stops. */
    @Override
    public void close() {
        drop();
    }
}
