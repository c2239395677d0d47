package dev.numbers.connector.ledger;

import dev.numbers.connector.lane.PartitionReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when a claim cycle may ask the ledger whether its ids are COMPLETED: the ledger must know every record of
 * those ids that lies before the cycle's first STARTED in each intents partition it wrote to (offset F of that
 * partition, in the writer's open transaction). Everything below the tail's position P is in the ledger (the tail
 * reads read_committed, so every transaction with a record below P has ended and its committed records were
 * applied). The fence reads [P, F) of every partition of the cycle <em>read_uncommitted</em> with one consumer of its
 * own: records of open, committed and aborted transactions alike. When none of them has the key (request_id) of a
 * claim in the batch, no intent of those ids can ever become visible before F (nothing is inserted below an offset
 * already written), so the ledger's answer is final at once and the cycle does not wait for other ids' transactions
 * (the result publisher's COMPLETED of other requests).
 *
 * <p>Otherwise a cycle that wrote to one partition waits, as every cycle used to, until the tail has read up to F
 * ({@link IntentTail#awaitReached}): when a record of one of the ids is in the range (its transaction may still commit
 * a COMPLETED), when the range is longer than {@code scanLimit} records (the tail is far behind: reading it would cost
 * more than waiting), when the tail's position is not known yet, or when the read fails or does not reach F within
 * {@link #SCAN_BUDGET}. Waiting is always safe; the read only lets a cycle skip the wait when waiting could not change
 * the ledger's answer. Only a cycle of one partition may wait; the writer's main lane, whose cycles span partitions,
 * never does ({@link Verdict#NOT_AT_ONCE}: it hands those claims to their partition's lane, see {@link ClaimLane}).
 *
 * <p>Compaction cannot hide a record of the range: the cleaner never passes the partition's last stable offset, which
 * the open transaction holds at or below F, so a record it removed below F has a later record of its key, also below
 * F, which the read sees. Used on the claim writer's thread only (a consumer is not shared).
 */
final class ClaimFence implements CycleFence {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimFence.class);
    /** The read is a few fetches of data already on the broker; longer means something is wrong: wait instead. */
    private static final Duration SCAN_BUDGET = Duration.ofSeconds(2);
    private static final long POLL_STEP_NANOS = Duration.ofMillis(100).toNanos();

    /** What the cycle may do. */
    enum Verdict {
        /** The ledger's answer for the batch's ids is final at once: ask it, then commit or abort. */
        CLEAR,
        /** Final after waiting for the tail (one partition only). */
        WAITED,
        /** The wait did not end in time (or the writer is stopping): abort; the claims are lost and written again. */
        UNSETTLED,
        /** Not final without a wait, and the caller may not wait: abort and let a partition's lane write them. */
        NOT_AT_ONCE
    }

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

    private final IntentTail tail;
    private final Supplier<PartitionReader> consumers;
    private final int scanLimit;
    private final MeterRegistry meters;
    /** Writer thread only; built on first use and again after a failure. */
    private PartitionReader consumer;

    /** {@code consumers} builds a read_uncommitted reader (a consumer without a group, with no offset reset). */
    ClaimFence(final IntentTail tail, final Supplier<PartitionReader> consumers, final int scanLimit,
               final MeterRegistry meters) {
        this.tail = tail;
        this.consumers = consumers;
        this.scanLimit = scanLimit;
        this.meters = meters;
    }

    /**
     * Whether the ledger holds every record of the {@code keys}' request_ids that can ever be committed below
     * {@code firsts} (the cycle's first STARTED per intents partition). When the read cannot show it and
     * {@code mayWait}, waits for the tail, until the deadline ({@link System#nanoTime}) passes, the tail closes or
     * {@code stopping} says so; only a cycle of one partition may wait.
     */
    @Override
    public Verdict settled(final Map<Integer, Long> firsts, final List<byte[]> keys, final long deadlineNanos,
                           final BooleanSupplier stopping, final boolean mayWait) {
        if (mayWait && firsts.size() != 1) {
            throw new IllegalArgumentException("only a cycle of one intents partition may wait, not "
                    + firsts.keySet());
        }
        final long start = System.nanoTime();
        final var path = path(firsts, keys, deadlineNanos, stopping);
        final Verdict verdict;
        if (path == Path.CLEAR) {
            verdict = Verdict.CLEAR;
        } else if (!mayWait) {
            verdict = Verdict.NOT_AT_ONCE;
        } else {
            final var only = firsts.entrySet().iterator().next();
            verdict = tail.awaitReached(only.getKey(), only.getValue(), deadlineNanos, stopping) ? Verdict.WAITED
                    : Verdict.UNSETTLED;
        }
        meters.timer("connector.claims.fence", "path", verdict == Verdict.NOT_AT_ONCE ? "handed_over" : path.path,
                        "why", path.why)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return verdict;
    }

    private Path path(final Map<Integer, Long> firsts, final List<byte[]> keys, final long deadlineNanos,
                      final BooleanSupplier stopping) {
        final var ranges = new HashMap<Integer, Long>();
        for (final var entry : firsts.entrySet()) {
            final long from = tail.position(entry.getKey());
            final long first = entry.getValue();
            if (from < 0 || first - from > scanLimit) {
                return Path.FAR_BEHIND;
            }
            if (from < first) {
                ranges.put(entry.getKey(), from);
            }
        }
        if (ranges.isEmpty()) {
            return Path.CLEAR;
        }
        try {
            return scan(ranges, firsts, keySet(keys), Math.min(deadlineNanos,
                    System.nanoTime() + SCAN_BUDGET.toNanos()), stopping);
        } catch (RuntimeException e) {
            // The class only: a client exception's message can name the cluster's security settings.
            LOG.warn("intents partitions {}: the uncommitted read before a claim failed ({}); the claim waits for the"
                    + " partition's earlier transactions instead", firsts.keySet(), e.getClass().getName());
            drop();
            return Path.SCAN_FAILED;
        }
    }

    /** Reads each partition of {@code froms} from its tail position up to its first STARTED, all in the same polls. */
    private Path scan(final Map<Integer, Long> froms, final Map<Integer, Long> firsts,
                      final Set<ByteBuffer> keys, final long until, final BooleanSupplier stopping) {
        if (consumer == null) {
            consumer = assignedEverywhere(consumers.get());
        }
        try {
            froms.forEach(consumer::seek);
            consumer.resume(froms.keySet());
            final var open = new HashSet<>(froms.keySet());
            while (true) {
                final var reached = open.stream()
                        .filter(p -> consumer.position(p) >= firsts.get(p)).toList();
                if (!reached.isEmpty()) {
                    consumer.pause(reached);
                    reached.forEach(open::remove);
                }
                if (open.isEmpty()) {
                    return Path.CLEAR;
                }
                final long left = until - System.nanoTime();
                if (left <= 0 || stopping.getAsBoolean()) {
                    return Path.SCAN_FAILED;
                }
                for (final var record : consumer.poll(Duration.ofNanos(Math.min(left, POLL_STEP_NANOS)))) {
                    if (record.offset() < firsts.get(record.partition()) && record.key() != null
                            && keys.contains(ByteBuffer.wrap(record.key()))) {
                        return Path.SAME_ID;
                    }
                }
            }
        } finally {
            if (consumer != null) {
                consumer.pause(froms.keySet());
            }
        }
    }

    /**
     * Every intents partition, assigned once and paused: a cycle resumes the ones it reads. Assigning only a cycle's
     * partitions would re-register the consumer's per-partition metrics (and their JMX beans) at almost every cycle,
     * which cost the claim thread more than the read.
     */
    private PartitionReader assignedEverywhere(final PartitionReader built) {
        final var all = IntStream.range(0, tail.partitions()).boxed().toList();
        built.assignFromBeginning(tail.topic(), tail.partitions());
        // A position for each (no offset reset is configured); a paused partition never fetches from it.
        all.forEach(p -> built.seek(p, Math.max(0, tail.position(p))));
        built.pause(all);
        return built;
    }

    private static Set<ByteBuffer> keySet(final List<byte[]> keys) {
        final var set = new HashSet<ByteBuffer>();
        keys.forEach(key -> set.add(ByteBuffer.wrap(key)));
        return set;
    }

    private void drop() {
        if (consumer != null) {
            try {
                consumer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // it is being replaced anyway
            }
            consumer = null;
        }
    }

    /** On the writer's thread, when it stops. */
    @Override
    public void close() {
        drop();
    }
}
