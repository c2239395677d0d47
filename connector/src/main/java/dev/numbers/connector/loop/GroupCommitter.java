package dev.numbers.connector.loop;

import dev.numbers.connector.executor.Outputs;
import dev.numbers.connector.concurrency.RequestSlots;
import dev.numbers.connector.ledger.IntentLedger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher thread: continuous group commits. Whatever finished while the previous transaction was committing
 * goes into the next one at once (results, COMPLETED intents, DLQ copies, and the offsets below each partition's
 * lowest unfinished record), so the poll thread never waits on a commit and a finished result waits at most one
 * commit to become readable. A short transaction also keeps the intents partitions' last stable offset close behind,
 * which is what every claim of {@code ledger.ClaimLane} waits for.
 *
 * <p>The consumer is not thread-safe: the poll thread hands its group metadata over after every poll. Revocation
 * keeps the epoch rules: the poll thread revokes the epochs, then {@link #barrier()} waits until no transaction that
 * began before is still open, so nothing of a revoked partition is published once the rebalance callback returned.
 * A completion whose partition is no longer owned at its epoch is dropped (its slot freed, the ledger told).
 *
 * <p>Over 250 lines, knowingly: the hand-over, the barrier, the orphan drop and the abort handling all act on the
 * publisher thread's own list of unpublished completions; split apart, each would have to share that list across
 * threads again.
 */
final class GroupCommitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    private static final long TAKE_MILLIS = 50;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /**
     * Where committed COMPLETED intents and dropped request_ids go ({@code IntentLedger#committed}, {@code
     * #discarded}).
     */
    interface Ledger {
        void committed(Map<String, RecordMetadata> intents);

        /** The COMPLETED intents of results this member will not publish (their partition moved). */
        void discarded(Collection<ProducerRecord<byte[], byte[]>> completedIntents);

        static Ledger of(final IntentLedger ledger) {
            return new Ledger() {
                @Override
                public void committed(final Map<String, RecordMetadata> intents) {
                    ledger.committed(intents);
                }

                @Override
                public void discarded(final Collection<ProducerRecord<byte[], byte[]>> completedIntents) {
                    ledger.discarded(completedIntents);
                }
            };
        }
    }

    private final ResultPublisher publisher;
    private final PartitionStates partitions;
    private final RequestSlots slots;
    private final Ledger ledger;
    private final LoopServices services;
    private final LinkedBlockingQueue<Completion> finished = new LinkedBlockingQueue<>();
    /** Held for one turn (drop orphans, publish): {@link #barrier()} takes it to wait out an open transaction. */
    private final ReentrantLock turn = new ReentrantLock();
    private final Object turned = new Object();
    private final Thread thread;
    private volatile ConsumerGroupMetadata group;
    private volatile boolean closing;
    private volatile RuntimeException died;
    /** For {@link #state()}, read from other threads: when the last transaction committed, and the turn's start. */
    private volatile long lastCommitted = System.nanoTime();
    private volatile long turnSince;
    private volatile int waiting;
    /** Publisher thread only. */
    private final List<Completion> unpublished = new ArrayList<>();
    private Duration publishWait = Duration.ZERO;
    /** Also read (racy, for a report only) by {@link #state()}. */
    private volatile long nextPublish = System.nanoTime();

    GroupCommitter(final ResultPublisher publisher, final PartitionStates partitions, final RequestSlots slots,
                   final Ledger ledger, final LoopServices services) {
        this.publisher = publisher;
        this.partitions = partitions;
        this.slots = slots;
        this.ledger = ledger;
        this.services = services;
        this.thread = Thread.ofPlatform().name("result-publisher").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** From any thread: a finished record, published with the next transaction. */
    void add(final Completion done) {
        finished.add(done);
    }

    /** From the poll thread, after every poll: the generation the offsets of the next transactions belong to. */
    void groupMetadata(final ConsumerGroupMetadata current) {
        group = current;
    }

    /** Returns once every transaction that was open when it was called has ended (committed or aborted). */
    void barrier() {
        turn.lock();
        turn.unlock();
    }

    /** Throws on the poll thread what stopped the publisher thread: a loop that cannot publish must not poll. */
    void checkAlive() {
        final var cause = died;
        if (cause != null) {
            throw new IllegalStateException("the result publisher stopped: " + cause, cause);
        }
    }

    /** Waits up to {@code most} for the publisher to end a turn (so the caller can look at the slots again). */
    void awaitTurn(final Duration most) throws InterruptedException {
        synchronized (turned) {
            turned.wait(Math.max(1, most.toMillis()));
        }
    }

    /** When the last result transaction committed ({@link System#nanoTime}), or the publisher started. */
    long lastCommitted() {
        return lastCommitted;
    }

    /** What the publisher is doing, for a stall report: how many wait, whether a turn is open and since when. */
    String state() {
        final long since = turnSince;
        final long now = System.nanoTime();
        return "publisher " + (died != null ? "stopped (" + died + ")" : thread.getState()) + ", "
                + (waiting + finished.size()) + " finished result(s) unpublished, "
                + (since == 0 ? "between turns" : "in a turn for " + (now - since) / 1_000_000 + " ms")
                + (group == null ? ", no group metadata yet" : ", generation " + group.generationId())
                + (now - nextPublish < 0 ? ", pausing after an abort for " + (nextPublish - now) / 1_000_000 + " ms"
                : "");
    }

    private void run() {
        try {
            while (!closing) {
                takeFinished();
                turnOnce();
            }
            // One last turn for what finished before close was called.
            finished.drainTo(unpublished);
            nextPublish = System.nanoTime();
            turnOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException fatal) {
            if (!closing) {
                LOG.error("result publisher stopped: {}", fatal.toString(), fatal);
            }
            died = fatal;
        }
    }

    /** Blocks only while there is nothing to publish yet (nothing finished, an abort's pause, no group yet). */
    private void takeFinished() throws InterruptedException {
        final long untilReady = nextPublish - System.nanoTime();
        if (unpublished.isEmpty() || untilReady > 0 || group == null) {
            final long wait = unpublished.isEmpty() || group == null ? TimeUnit.MILLISECONDS.toNanos(TAKE_MILLIS)
                    : Math.min(untilReady, TimeUnit.MILLISECONDS.toNanos(TAKE_MILLIS));
            final var first = finished.poll(wait, TimeUnit.NANOSECONDS);
            if (first != null) {
                unpublished.add(first);
            }
        }
        finished.drainTo(unpublished);
    }

    private void turnOnce() {
        turn.lock();
        turnSince = System.nanoTime();
        try {
            dropOrphans();
            if (!unpublished.isEmpty() && group != null && System.nanoTime() - nextPublish >= 0) {
                publish();
            }
        } finally {
            waiting = unpublished.size();
            turnSince = 0;
            turn.unlock();
            synchronized (turned) {
                turned.notifyAll();
            }
        }
    }

    /**
     * A partition revoked or lost while its record ran is another member's now (or ours again at a later epoch,
     * after another member may have answered it); it runs the record again, and our result would be a second one.
     */
    private void dropOrphans() {
        final var orphans = unpublished.stream().filter(done -> !partitions.owns(done)).toList();
        if (orphans.isEmpty()) {
            return;
        }
        unpublished.removeAll(orphans);
        orphans.forEach(done -> slots.released(done.partition(), done.offset()));
        ledger.discarded(orphans.stream().map(Completion::outputs).filter(Outputs.Ran.class::isInstance)
                .map(ran -> ((Outputs.Ran) ran).completed()).toList());
        LOG.info("dropped {} finished result(s) of partitions this member no longer owns", orphans.size());
        if (unpublished.isEmpty()) {
            // What kept aborting is another member's now; nothing here is stuck any more.
            services.health().committed();
        }
    }

    /** One transaction: every finished result or DLQ copy, then the offsets they free. */
    private void publish() {
        final var offsets = partitions.committable(unpublished);
        final var outputs = unpublished.stream().flatMap(done -> done.outputs().records().stream()).toList();
        final List<RecordMetadata> landed;
        final long began = System.nanoTime();
        try {
            landed = publisher.publish(outputs, offsets, group);
            services.meters().timer("connector.results.transaction").record(System.nanoTime() - began,
                    TimeUnit.NANOSECONDS);
            services.meters().summary("connector.results.transaction.records").record(unpublished.size());
        } catch (KafkaException aborted) {
            // Nothing of it is visible and no offset moved; the same results go in the next transaction, after a
            // pause that grows while the aborts go on (the publisher already replaced a producer that cannot go on).
            final int inARow = services.health().aborted(String.valueOf(aborted.getCause() != null
                    ? aborted.getCause() : aborted));
            publishWait = Backoff.next(publishWait.isZero() ? Duration.ofMillis(50) : publishWait,
                    services.maxBackoff());
            nextPublish = System.nanoTime() + publishWait.toNanos();
            LOG.warn("result transaction aborted ({} in a row), retrying in {} ms: {}", inARow, publishWait.toMillis(),
                    aborted.toString());
            if (aborted instanceof ResultPublisher.Aborted refused && !refused.tooLarge().isEmpty()) {
                shrink(outputs, refused.tooLarge());
            }
            return;
        }
        services.health().committed();
        lastCommitted = System.nanoTime();
        publishWait = Duration.ZERO;
        partitions.committed(offsets);
        ledger.committed(completedIntents(landed));
        unpublished.forEach(this::giveBack);
        unpublished.clear();
    }

    /**
     * Where each run's COMPLETED intent landed, by request_id; {@code landed} is in the order of the completions'
     * records.
     */
    private Map<String, RecordMetadata> completedIntents(final List<RecordMetadata> landed) {
        final var intents = new HashMap<String, RecordMetadata>();
        int at = 0;
        for (final var done : unpublished) {
            final var records = done.outputs().records();
            if (done.outputs() instanceof Outputs.Ran ran) {
                intents.put(new String(ran.completed().key(), StandardCharsets.UTF_8),
                        landed.get(at + records.indexOf(ran.completed())));
            }
            at += records.size();
        }
        return intents;
    }

    /** The completions owning the refused records publish their compact fallback in the next transaction. */
    private void shrink(final List<ProducerRecord<byte[], byte[]>> outputs, final Set<Integer> refused) {
        final var refusedRecords = refused.stream().map(outputs::get).collect(Collectors.toSet());
        for (int i = 0; i < unpublished.size(); i++) {
            final var done = unpublished.get(i);
            if (done.outputs().records().stream().anyMatch(refusedRecords::contains)) {
                LOG.warn("Kafka refused the output of {}@{} as too large; publishing its compact form instead",
                        done.partition(), done.offset());
                services.meters().counter("connector.results.refused_too_large").increment();
                unpublished.set(i, done.shrunk());
            }
        }
    }

    /**
     * A request that ran (it wrote its COMPLETED intent) teaches the in-flight limit how long the provider path takes;
     * a replay from the ledger or a dead-lettered record says nothing about it.
     */
    private void giveBack(final Completion done) {
        if (done.outputs() instanceof Outputs.Ran) {
            slots.finished(done.partition(), done.offset());
        } else {
            slots.released(done.partition(), done.offset());
        }
    }

    /** Publishes what finished before this call (one last turn), then stops the thread and closes the producer. */
    @Override
    public void close() {
        closing = true;
        try {
            if (thread.isAlive() && !thread.join(CLOSE_WAIT)) {
                // Stuck in a commit the broker does not answer (gone): closing its producer ends the wait, so a
                // stop stays bounded; the transaction is aborted by the broker and its requests redelivered.
                LOG.warn("the result publisher is still in a transaction {} after the stop; closing its producer",
                        CLOSE_WAIT);
                publisher.closeNow();
                thread.join(CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }
}
