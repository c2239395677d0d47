package dev.numbers.connector.loop;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says so when the consumer owns partitions but has no position for some of them for longer than {@code after}: it
 * polls, takes nothing and logs nothing, and with nothing in flight {@link StallWatch} has nothing to report. The
 * case seen: a transaction holding the group's {@code __consumer_offsets} partition open (a hanging one, left by
 * Kafka 4.3.1 when a broker skipped its markers), so every committed-offset fetch answers UNSTABLE_OFFSET_COMMIT and
 * the consumer asks again for good. Then it logs a WARN naming the partitions and the transactions holding them
 * ({@link Holders}), repeated every {@link #REPEAT_EVERY}, counts the stall once
 * ({@code connector.loop.position.stalls}) and turns {@code /health} DOWN ({@code positions}) until every position
 * is known.
 *
 * <p>The clock of a partition starts at the first look without a position after it was assigned; looks happen only
 * once the intent ledger caught up (a long catch-up is the {@code ledger} check's business), so a slow start, a
 * rebalance or a fresh group (whose position comes from auto.offset.reset within a poll or two) never gets near it.
 *
 * <p>Two threads: the poll thread {@link #look}s (the consumer is not thread-safe); this watch's own thread decides
 * and reports, since describing the transactions asks the broker and may take seconds.
 */
final class PositionWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PositionWatch.class);
    /** While a stall lasts, the WARN (and the description behind it, admin requests) comes again this often. */
    static final Duration REPEAT_EVERY = Duration.ofMinutes(1);
    static final String STALLS = "connector.loop.position.stalls";
    private static final Duration LOOK_EVERY = Duration.ofSeconds(1);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    /** What the poll thread knows of the consumer's partitions. */
    interface Positions {
        Set<TopicPartition> assigned();

        /** True when the consumer has a position for the partition; never blocks. */
        boolean known(TopicPartition partition);

        /**
         * The consumer's own view. {@code position(p, 0)} rather than {@code currentLag(p)}: the lag is also unknown
         * for a partition that back-pressure paused before its first fetch (no last stable offset yet), which is not a
         * stall. With a zero timeout it returns the position it has, or does what a poll would do without waiting
         * and throws.
         */
        static Positions of(final Consumer<?, ?> consumer) {
            return new Positions() {
                @Override
                public Set<TopicPartition> assigned() {
                    return consumer.assignment();
                }

                @Override
                public boolean known(final TopicPartition partition) {
                    try {
                        consumer.position(partition, Duration.ZERO);
                        return true;
                    } catch (TimeoutException e) {
                        return false;
                    }
                }
            };
        }
    }

    /** What holds the group's offsets: the group's {@code __consumer_offsets} partition and the open transactions. */
    record Held(String groupPartition, String holders, List<String> hanging) {
    }

    /** Describes the open transactions that may hold the group's offsets; slow, called on the watch's thread. */
    interface Holders extends AutoCloseable {
        Held describe(Collection<TopicPartition> waiting);

        @Override
        void close();
    }

    private final Duration after;
    private final Holders holders;
    private final LoopHealth health;
    private final MeterRegistry meters;
    private final LongSupplier nanos;
    /** Partitions without a position, by when the poll thread first saw them so (System.nanoTime). */
    private final Map<TopicPartition, Long> waitingSince = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .daemon().name("position-watch").factory());
    /** Poll thread only. */
    private long nextLook;
    /** Set by {@link #close}: a check still running then (describing takes seconds) changes health no more. */
    private volatile boolean closed;
    /** Watch thread only: the stall being reported, and when its WARN is due again. */
    private boolean stalled;
    private long nextReport;

    PositionWatch(final Duration after, final Holders holders, final LoopHealth health, final MeterRegistry meters,
                  final LongSupplier nanos) {
        this.after = after;
        this.holders = holders;
        this.health = health;
        this.meters = meters;
        this.nanos = nanos;
        this.nextLook = nanos.getAsLong();
        // Registered at 0, so increase() over it sees the first stall too.
        meters.counter(STALLS);
    }

    void start() {
        if (!after.isZero()) {
            final long every = Math.max(100, Math.min(CHECK_EVERY.toMillis(), after.toMillis() / 2));
            timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Newly assigned partitions start their clock afresh (at the next look without a position). Poll thread. */
    void assigned(final Collection<TopicPartition> partitions) {
        partitions.forEach(waitingSince::remove);
    }

    /** Partitions this member no longer owns wait for nothing here. */
    void forget(final Collection<TopicPartition> partitions) {
        partitions.forEach(waitingSince::remove);
    }

    /** Poll thread, once the ledger caught up: which owned partitions still have no position. At most once a second. */
    void look(final Positions consumer) {
        final long now = nanos.getAsLong();
        if (after.isZero() || now - nextLook < 0) {
            return;
        }
        nextLook = now + Math.min(LOOK_EVERY.toNanos(), after.toNanos() / 4);
        final var assigned = consumer.assigned();
        waitingSince.keySet().retainAll(assigned);
        for (final var partition : assigned) {
            if (consumer.known(partition)) {
                waitingSince.remove(partition);
            } else {
                waitingSince.putIfAbsent(partition, now);
            }
        }
    }

    /** One decision on the watch's thread; package-private for the test. */
    void check() {
        if (closed) {
            return;
        }
        try {
            final long now = nanos.getAsLong();
            final var waiting = new TreeSet<TopicPartition>((a, b) -> a.toString().compareTo(b.toString()));
            long longest = 0;
            for (final var entry : waitingSince.entrySet()) {
                final long waited = now - entry.getValue();
                if (waited >= after.toNanos()) {
                    waiting.add(entry.getKey());
                    longest = Math.max(longest, waited);
                }
            }
            if (waiting.isEmpty()) {
                if (stalled) {
                    stalled = false;
                    LOG.info("the consumer has a position for every owned partition again");
                    health.up(LoopHealth.Check.POSITIONS);
                }
                return;
            }
            final var seconds = Duration.ofNanos(longest).toSeconds();
            if (!stalled) {
                stalled = true;
                nextReport = now;
                meters.counter(STALLS).increment();
                health.down(LoopHealth.Check.POSITIONS, "no position for " + waiting + " for " + seconds + " s");
            }
            if (now - nextReport >= 0) {
                nextReport = now + REPEAT_EVERY.toNanos();
                report(waiting, seconds);
            }
        } catch (RuntimeException e) {
            LOG.warn("position check failed: {}", e.toString());
        }
    }

    private void report(final Set<TopicPartition> waiting, final long seconds) {
        final var held = holders.describe(waiting);
        final var why = "no position for " + waiting + " for " + seconds + " s: the group's committed offsets"
                + " stay unstable (an open transaction on its offsets partition " + held.groupPartition()
                + " or on these partitions); held by: " + held.holders()
                + (held.hanging().isEmpty() ? "" : "; HANGING: " + String.join("; ", held.hanging())
                + " (see docs/operations.md, Hanging transactions)");
        LOG.warn("the consumer polls but has {}; nothing of these partitions is read meanwhile", why);
        if (!closed) {
            health.down(LoopHealth.Check.POSITIONS, why);
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        holders.close();
        health.up(LoopHealth.Check.POSITIONS);
    }
}
