package dev.numbers.connector.loop;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ApplicationRecoverableException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes results and COMPLETED intents with the consumer offsets in one Kafka transaction, so a crash either
 * shows the result and moves the offset, or does neither.
 *
 * <p>The producer's documentation names the errors after which a transactional producer cannot go on
 * (ProducerFencedException, OutOfOrderSequenceException, UnsupportedVersionException, AuthorizationException; since
 * Kafka 4.1 the fencing kind share the base class ApplicationRecoverableException, "close the producer") and
 * a commit that timed out leaves it unable to begin another transaction; in those cases, and whenever an abort
 * itself fails, the producer is closed and a new one with the same transactional.id is built. Every failure is
 * thrown to the caller, whose state then stays as it was; records the broker refused as too large are named.
 *
 * <p>A commit that timed out is not an abort: its EndTxn may have reached the coordinator, and a producer rebuilt with
 * the same transactional.id then completes it, so publishing the same results again would publish them twice. It is
 * asked again on the same producer (which Kafka allows after a time-out) until the broker decides; when it still has
 * not after {@link #COMMIT_TRIES} tries, {@link Undecided} stops the publisher: the next start learns the outcome
 * from what Kafka holds (the committed offsets and COMPLETED intents), never by guessing.
 */
public final class ResultPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultPublisher.class);

    /** The transaction was aborted; {@code tooLarge} holds the indexes of records refused for their size. */
    public static final class Aborted extends KafkaException {
        private final transient Set<Integer> tooLarge;

        Aborted(final RuntimeException cause, final Set<Integer> tooLarge) {
            super(cause.toString(), cause);
            this.tooLarge = Set.copyOf(tooLarge);
        }

        public Set<Integer> tooLarge() {
            return tooLarge;
        }
    }

    /**
     * A commit whose outcome the broker did not tell: neither aborted nor known to be committed. Not a {@link
     * KafkaException}, so the caller cannot take it for an abort and publish the same results again.
     */
    public static final class Undecided extends IllegalStateException {
        Undecided(final RuntimeException cause) {
            super("the result transaction's commit timed out " + COMMIT_TRIES + " times and may have been committed;"
                    + " stopping instead of publishing its results again (" + cause + ")", cause);
        }
    }

    /** How often a commit that timed out is asked again before the publisher gives up ({@link Undecided}). */
    static final int COMMIT_TRIES = 3;

    /** A flush returned while a record of the transaction was still unacknowledged. */
    private static final class Unacknowledged extends KafkaException {
        Unacknowledged(final String message) {
            super(message);
        }
    }

    private final Supplier<Producer<byte[], byte[]>> factory;
    private final Runnable onRecreate;
    private volatile Producer<byte[], byte[]> producer;
    private volatile boolean closed;

    public ResultPublisher(final Supplier<Producer<byte[], byte[]>> factory, final Runnable onRecreate) {
        this.factory = factory;
        this.onRecreate = onRecreate;
        this.producer = open();
    }

    /**
     * Throws {@link Aborted} when the transaction could not be committed; the caller's state is then not advanced.
     * Otherwise answers where each record landed, in the order given.
     */
    public List<RecordMetadata> publish(final List<ProducerRecord<byte[], byte[]>> records,
                                        final Map<TopicPartition, OffsetAndMetadata> offsets,
                                        final ConsumerGroupMetadata group) {
        if (producer == null) {
            producer = open();
        }
        List<Future<RecordMetadata>> sent = List.of();
        try {
            producer.beginTransaction();
            // Offsets first: sendOffsetsToTransaction waits for two round trips (AddOffsetsToTxn, TxnOffsetCommit),
            // and records already appended would hold their partitions' last stable offset meanwhile. On the intents
            // partitions every claim waits for that offset (ledger.ClaimLane), so the records go last.
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, group);
            }
            sent = records.stream().map(producer::send).toList();
            // Every record acknowledged before the commit is asked for: the offsets go with this commit, so a record
            // not in the log when it is decided would be a result lost for good (CrashIT once lost two that way:
            // the commit returned, the records' futures never completed, and the process was killed).
            producer.flush();
            final long pending = sent.stream().filter(future -> !future.isDone()).count();
            if (pending > 0) {
                throw new Unacknowledged(pending + " of " + sent.size() + " record(s) not acknowledged after flush");
            }
            commit();
            return sent.stream().map(ResultPublisher::landed).toList();
        } catch (Undecided e) {
            throw e;
        } catch (ApplicationRecoverableException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException fatal) {
            recreate(fatal);
            throw new Aborted(fatal, Set.of());
        } catch (Unacknowledged e) {
            // Nothing is committed; the producer's state is not to be trusted, so it is replaced after the abort.
            try {
                producer.abortTransaction();
            } catch (RuntimeException ignored) {
                // replaced below either way
            }
            recreate(e);
            throw new Aborted(e, Set.of());
        } catch (RuntimeException e) {
            final var tooLarge = tooLarge(sent);
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailed) {
                recreate(abortFailed);
            }
            throw new Aborted(e, tooLarge);
        }
    }

    /** Commits, asking again after a time-out: the first ask may have reached the coordinator. */
    private void commit() {
        for (int tried = 1; ; tried++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException unknown) {
                if (tried >= COMMIT_TRIES) {
                    throw new Undecided(unknown);
                }
                LOG.warn("the result transaction's commit timed out ({}); asking again, since it may have reached the"
                        + " coordinator", unknown.toString());
            }
        }
    }

    private Producer<byte[], byte[]> open() {
        if (closed) {
            throw new IllegalStateException("the result publisher is closed");
        }
        final var created = factory.get();
        try {
            created.initTransactions();
            return created;
        } catch (RuntimeException e) {
            created.close(Duration.ZERO);
            throw e;
        }
    }

    private void recreate(final RuntimeException cause) {
        LOG.warn("result producer cannot go on ({}); closing it and building a new one", cause.toString());
        onRecreate.run();
        try {
            producer.close(Duration.ZERO);
        } catch (RuntimeException ignored) {
            // It is being replaced; how its close went does not matter.
        }
        producer = null;
        try {
            producer = open();
        } catch (RuntimeException notYet) {
            LOG.warn("new result producer not ready yet ({}); trying again with the next transaction",
                    notYet.toString());
        }
    }

    private static Set<Integer> tooLarge(final List<Future<RecordMetadata>> sent) {
        final var indexes = new LinkedHashSet<Integer>();
        for (int i = 0; i < sent.size(); i++) {
            final var future = sent.get(i);
            if (future.isDone()) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RecordTooLargeException) {
                        indexes.add(i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException ignored) {
                    // Cancelled: not a size refusal.
                }
            }
        }
        return indexes;
    }

    private static RecordMetadata landed(final Future<RecordMetadata> sent) {
        try {
            return sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            throw new KafkaException("a record of a committed transaction failed", e);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Closes the producer without waiting for what it has not sent, which ends a commit blocked on the broker. */
    void closeNow() {
        // No new producer after this: a stop must not start another wait on a broker that does not answer.
        closed = true;
        final var open = producer;
        if (open != null) {
            open.close(Duration.ZERO);
        }
    }
}
