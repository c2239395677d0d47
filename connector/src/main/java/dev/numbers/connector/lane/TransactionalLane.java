package dev.numbers.connector.lane;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * One thread and one transactional producer taking what waits in a queue in batches: the mechanics the claim writer
 * ({@code ledger.ClaimLane}) and the quota reserver ({@code quota.QuotaReserver}) share. Each cycle takes the first
 * item waiting, lets the owner's {@link Work} shape the batch and run its one transaction (send, fence, decide,
 * commit or abort: the owner's decision), and goes on; what the owner puts back goes first in the next cycle. Once
 * closed, what still waits is answered as stopped. A cycle that does not end (a commit the broker never answers, a
 * fence that never settles) holds everything queued behind it without an error, so the lane says so when asked
 * ({@link #stalled}); the owners' health shows it.
 */
public final class TransactionalLane<T> implements AutoCloseable {

    private static final Duration JOIN = Duration.ofSeconds(10);
    private static final Duration PRODUCER_CLOSE = Duration.ofSeconds(5);

    /** The owner's side of a lane: its batch, its transaction, and its answer to what the lane leaves. */
    public interface Work<T> {

        /** This cycle's batch, starting with {@code first}; more may be taken with {@link #drainTo}. */
        List<T> batch(T first);

        /** One transaction over {@code batch} with the lane's producer. Interrupted: the lane ends. */
        void cycle(List<T> batch, LaneProducer producer) throws InterruptedException;

        /** The lane is closed: {@code waiting} will never be taken. */
        void stopped(T waiting);

        /** The lane's thread ends, before its producer is closed. */
        default void ending() {
        }
    }

    private final LinkedBlockingDeque<T> queue = new LinkedBlockingDeque<>();
    private final String name;
    private final LaneProducer producer;
    private final Duration take;
    private final boolean interruptOnClose;
    private final Thread thread;
    private Work<T> work;
    private volatile boolean closed;
    /** Set by the lane's thread around each cycle, read by a health check on any thread. */
    private volatile boolean cycling;
    private volatile long cycleSince;
    private volatile int cycleSize;

    /**
     * Starts the lane's thread {@code name}; it waits up to {@code take} for a first item before it looks at
     * {@link #closed()} again. {@code interruptOnClose}: closing interrupts a cycle instead of letting it finish.
     */
    public TransactionalLane(final String name, final LaneProducer producer, final Duration take,
                             final boolean interruptOnClose) {
        this.name = name;
        this.producer = producer;
        this.take = take;
        this.interruptOnClose = interruptOnClose;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    /** Starts taking work; the owner passes itself at the end of its constructor. */
    public void start(final Work<T> owner) {
        this.work = owner;
        thread.start();
    }

    /** Queues {@code item} behind what waits; answered as stopped at once when the lane is closed. */
    public void add(final T item) {
        queue.add(item);
        if (closed) {
            stopAll();
        }
    }

    /** Back to the front of the queue, in order: they go in the very next cycle. */
    public void requeue(final List<T> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            queue.addFirst(items.get(i));
        }
    }

    /** Moves up to {@code max} waiting items into {@code batch}. */
    public void drainTo(final List<T> batch, final int max) {
        queue.drainTo(batch, max);
    }

    /** Items queued and not yet taken by a cycle. */
    public int waiting() {
        return queue.size();
    }

    /**
     * Why the lane is stuck: a cycle (one transaction) running for longer than {@code after}, or its thread gone
     * while items wait; empty while it moves. Any thread.
     */
    public Optional<String> stalled(final Duration after) {
        final long since = cycleSince;
        final long running = System.nanoTime() - since;
        if (cycling && running > after.toNanos()) {
            return Optional.of("lane " + name + ": a transaction of " + cycleSize + " item(s) not done after "
                    + Duration.ofNanos(running).toMillis() + " ms, " + waiting() + " item(s) waiting behind it");
        }
        if (!closed && work != null && !thread.isAlive() && waiting() > 0) {
            return Optional.of("lane " + name + ": its thread ended with " + waiting() + " item(s) waiting");
        }
        return Optional.empty();
    }

    /** True once closing began (or a cycle ended the lane). */
    public boolean closed() {
        return closed;
    }

    /** Ends the lane from its own cycle (interrupted): no further cycle runs. */
    public void end() {
        closed = true;
    }

    private void run() {
        while (!closed) {
            final T first;
            try {
                first = queue.poll(take.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                continue;
            }
            final var batch = new ArrayList<>(work.batch(first));
            if (batch.isEmpty()) {
                continue;
            }
            cycleSize = batch.size();
            cycleSince = System.nanoTime();
            cycling = true;
            try {
                work.cycle(batch, producer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                cycling = false;
            }
        }
        stopAll();
        work.ending();
        producer.close(PRODUCER_CLOSE);
    }

    private void stopAll() {
        for (var item = queue.poll(); item != null; item = queue.poll()) {
            work.stopped(item);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (interruptOnClose) {
            thread.interrupt();
        }
        try {
            thread.join(JOIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopAll();
    }
}
