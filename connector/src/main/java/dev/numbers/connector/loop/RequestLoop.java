package dev.numbers.connector.loop;

import dev.numbers.connector.concurrency.RequestSlots;
import dev.numbers.connector.ledger.IntentLedger;
import dev.numbers.schemas.avro.NumberRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread and the wiring of the loop's rooms. It alone touches the consumer: it polls, keeps the intent
 * ledger caught up, hands records to {@link RecordIntake} (slots, decode, DLQ, registry hand-back), which dispatches
 * them through {@link KeyedDispatch}, applies {@link Backpressure}, and hands its group metadata to the
 * {@link GroupCommitter}, which publishes finished results on its own thread. Before records of newly assigned
 * partitions run, the intent ledger is caught up, so a request a crashed run left STARTED is looked up at the
 * provider instead of being bought again. On revocation the poll thread waits, inside the callback, until what is
 * running has been published (or the grace ran out), revokes the partitions' epochs and waits out an open
 * transaction, so nothing of a revoked partition is published after the callback returns. After each poll it lets
 * the {@link PositionWatch} see which owned partitions still have no position (the group's offsets held unstable).
 */
public final class RequestLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLoop.class);
    /** Paused partitions are resumed on the next turn of the loop: a short poll keeps that wait short. */
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration DRAIN_TURN = Duration.ofMillis(20);

    /**
     * What the loop feeds: how records are read, the one port into the request path, the ledger it keeps caught up
     * and told of commits, and the bound on requests in flight.
     */
    record Work(Deserializer<NumberRequest> requests, KeyedDispatch.Handler path, IntentLedger ledger,
                RequestSlots slots) {
    }

    /** Told the partitions this member owns after every rebalance (the rate-limit shares follow them). */
    interface OwnedPartitions {
        void changed(Set<TopicPartition> owned);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final IntentLedger ledger;
    private final RequestSlots slots;
    private final LoopServices services;
    private final Duration shutdownGrace;
    private final OwnedPartitions ownedChanged;
    private final PartitionStates partitions;
    private final GroupCommitter committer;
    private final KeyedDispatch dispatch;
    private final RecordIntake intake;
    private final Backpressure backpressure;
    private final StallWatch stallWatch;
    private final PositionWatch positionWatch;
    private final PositionWatch.Positions positions;
    private volatile boolean stopping;
    /** When the stop's grace ends ({@link System#nanoTime}); 0 before the stop drains. Poll thread only. */
    private long stopDeadline;
    private boolean ledgerBehind = true;
    private volatile Instant lastPoll = Instant.now();

    RequestLoop(final Consumer<byte[], byte[]> consumer, final ResultPublisher publisher, final Work work,
                final LoopServices services, final Duration shutdownGrace,
                final OwnedPartitions ownedChanged, final PositionWatch positionWatch) {
        this.consumer = consumer;
        this.ledger = work.ledger();
        this.slots = work.slots();
        this.services = services;
        this.shutdownGrace = shutdownGrace;
        this.ownedChanged = ownedChanged;
        this.partitions = new PartitionStates(new PartitionAges(services.meters()));
        this.committer = new GroupCommitter(publisher, partitions, slots, GroupCommitter.Ledger.of(ledger), services);
        this.dispatch = new KeyedDispatch(work.path(), partitions.epochs(), services, () -> stopping,
                committer::add);
        this.intake = new RecordIntake(work.requests(), slots, partitions, services, consumer::seek);
        this.backpressure = new Backpressure(consumer, slots, intake::resting);
        this.stallWatch = new StallWatch(slots::inFlight, committer::lastCommitted, committer::state,
                services.stallReportAfter(), services.meters());
        this.positionWatch = positionWatch;
        this.positions = PositionWatch.Positions.of(consumer);
    }

    /** For a loop built but never run (stopped before it started): closes its clients. */
    void closeUnrun() {
        positionWatch.close();
        committer.close();
        consumer.close();
    }

    /** Asks the loop to stop: no new polls, in-flight requests get the grace period, then a last commit. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    public Instant lastPoll() {
        return lastPoll;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(services.topics().requests()), new Rebalance());
        committer.start();
        stallWatch.start();
        positionWatch.start();
        try {
            while (!stopping) {
                try {
                    final var records = consumer.poll(POLL);
                    lastPoll = Instant.now();
                    committer.groupMetadata(consumer.groupMetadata());
                    if (ledgerBehind) {
                        if (!ledger.catchUp(() -> stopping,
                                held -> services.health().down(LoopHealth.Check.LEDGER, held))) {
                            break;
                        }
                        services.health().up(LoopHealth.Check.LEDGER);
                        ledgerBehind = false;
                    } else {
                        ledger.advance();
                    }
                    positionWatch.look(positions);
                    intake.take(records, dispatch, committer::add);
                } catch (WakeupException e) {
                    if (!stopping) {
                        throw e;
                    }
                }
                committer.checkAlive();
                backpressure.apply();
                dispatch.prune();
            }
            drain();
            if (dispatch.leftAtStop() > 0) {
                LOG.info("{} request(s) stopped before their next provider call; they run again after the restart",
                        dispatch.leftAtStop());
            }
        } catch (RuntimeException fatal) {
            LOG.error("request loop stopped: {}", fatal.toString(), fatal);
            throw fatal;
        } finally {
            stallWatch.close();
            positionWatch.close();
            dispatch.close();
            committer.close();
            // The ledger is closed by whoever built this loop, after the threads that read it (the intents tail,
            // the claim lanes) are stopped: closing it here, under them, crashed the JVM.
            // A static member would otherwise keep its partitions until the session times out; leaving hands them over
            // now.
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(services.health().isDown(LoopHealth.Check.KAFKA) ? Duration.ZERO
                            : Duration.ofSeconds(5)));
        }
    }

    /**
     * Waits up to the grace for running requests while the publisher publishes them; the rest is redelivered later.
     * A stop has one grace: the revocation that closing the consumer brings (leaving the group) does not wait again.
     */
    private void drain() {
        final long deadline;
        if (!stopping) {
            deadline = System.nanoTime() + shutdownGrace.toNanos();
        } else {
            if (stopDeadline == 0) {
                stopDeadline = System.nanoTime() + shutdownGrace.toNanos();
            }
            deadline = stopDeadline;
        }
        try {
            // With Kafka unreachable nothing running can be committed: waiting would only delay the stop, and what
            // runs is redelivered (and met by its claim) after the restart, as after a crash.
            // What the stop already ended (it stopped before its next provider call) holds its slot but will never
            // be published: waiting for it would only spend the grace.
            while (unfinished() > 0 && System.nanoTime() < deadline
                    && !services.health().isDown(LoopHealth.Check.KAFKA)) {
                committer.awaitTurn(DRAIN_TURN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (unfinished() > 0) {
            LOG.warn("{} request(s) still running at shutdown; their offsets are not committed", unfinished());
        }
    }

    /** Records running or finished but not yet published. */
    private int unfinished() {
        return slots.inFlight() - dispatch.leftAtStop();
    }

    /** Their work is cancelled, and once an open transaction ended, nothing of theirs is published. */
    private void letGo(final Collection<TopicPartition> gone) {
        partitions.revoked(gone);
        committer.barrier();
        partitions.forget(gone);
        intake.forget(gone);
        positionWatch.forget(gone);
    }

    /** Runs inside poll(): finish what is running (so its offsets are committed by us), then let go. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> revoked) {
            committer.groupMetadata(consumer.groupMetadata());
            drain();
            letGo(revoked);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> assigned) {
            committer.groupMetadata(consumer.groupMetadata());
            // Their requests may have been started by another member or a crashed run: read the ledger first.
            partitions.assigned(assigned);
            positionWatch.assigned(assigned);
            if (!assigned.isEmpty()) {
                ledgerBehind = true;
            }
            // Called after every rebalance, even one that assigned nothing here: the rate-limit shares follow it.
            ownedChanged.changed(Set.copyOf(consumer.assignment()));
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> lost) {
            // Another member owns them now; whatever we publish for them would be fenced anyway.
            letGo(lost);
            final var kept = new HashSet<>(consumer.assignment());
            kept.removeAll(lost);
            ownedChanged.changed(Set.copyOf(kept));
        }
    }
}
