package dev.numbers.connector.lane;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Topic partitions held in memory with the broker's transactional rules, for the lanes' real decisions in unit
 * tests: records get offsets in append order; a transaction's records become readable together when it commits and
 * never when it aborts; a read_committed reader stops at a partition's last stable offset (the first record of a
 * transaction still open); a writer that registers a transactional id aborts what an earlier writer of that id left
 * open and fences it. Failures are injected per commit ({@link #failNextCommit}). Thread-safe: one monitor.
 */
public final class InMemoryTopics {

    /** How the next commit ends instead of committing. */
    public enum CommitFault {
        /** The broker aborted the transaction (its timeout passed): the commit fails, nothing is visible. */
        ABORTED,
        /** The commit timed out after the broker got it: it committed, and the writer cannot tell. */
        AMBIGUOUS_COMMITTED,
        /** The commit timed out before the broker got it: it aborted, and the writer cannot tell. */
        AMBIGUOUS_ABORTED
    }

    private enum State { OPEN, COMMITTED, ABORTED }

    private static final class Txn {
        private State state = State.OPEN;
    }

    private record Entry(byte[] key, byte[] value, Txn txn) {
    }

    private final Map<String, List<List<Entry>>> topics = new HashMap<>();
    private final Map<String, Integer> epochs = new HashMap<>();
    private final Map<String, Txn> openById = new HashMap<>();
    private final Deque<CommitFault> commitFaults = new ArrayDeque<>();

    /** Creates {@code name} with {@code partitions} empty partitions. */
    public synchronized InMemoryTopics topic(final String name, final int partitions) {
        final var list = new ArrayList<List<Entry>>();
        for (int p = 0; p < partitions; p++) {
            list.add(new ArrayList<>());
        }
        topics.put(name, list);
        return this;
    }

    /** The next commit of any writer ends as {@code fault}. */
    public synchronized void failNextCommit(final CommitFault fault) {
        commitFaults.add(fault);
    }

    /** A transactional writer under {@code transactionalId}; it fences earlier ones when it is initialised. */
    public Transactions writer(final String transactionalId) {
        return new Writer(transactionalId);
    }

    /** A read_committed reader. */
    public PartitionReader reader() {
        return new Reader();
    }

    /** The committed values of a partition, in offset order. */
    public synchronized List<byte[]> committed(final String topic, final int partition) {
        return partition(topic, partition).stream().filter(e -> e.txn().state == State.COMMITTED)
                .map(Entry::value).toList();
    }

    /** The offset a read_committed reader of the partition cannot pass. */
    public synchronized long lastStable(final String topic, final int partition) {
        final var entries = partition(topic, partition);
        for (int offset = 0; offset < entries.size(); offset++) {
            if (entries.get(offset).txn().state == State.OPEN) {
                return offset;
            }
        }
        return entries.size();
    }

    private List<Entry> partition(final String topic, final int partition) {
        final var partitions = topics.get(topic);
        if (partitions == null || partition < 0 || partition >= partitions.size()) {
            throw new IllegalArgumentException("no partition " + topic + "-" + partition);
        }
        return partitions.get(partition);
    }

    private synchronized void end(final Txn txn, final State state) {
        txn.state = state;
        notifyAll();
    }

    private final class Writer implements Transactions {

        private final String id;
        private int epoch = -1;
        private Txn current;
        /** After an ambiguous commit: the producer must retry the commit, so an abort fails and it is replaced. */
        private boolean mustRetryCommit;

        private Writer(final String id) {
            this.id = id;
        }

        @Override
        public void init() {
            synchronized (InMemoryTopics.this) {
                epoch = epochs.merge(id, 1, Integer::sum);
                final var left = openById.remove(id);
                if (left != null && left.state == State.OPEN) {
                    end(left, State.ABORTED);
                }
            }
        }

        @Override
        public void begin() {
            synchronized (InMemoryTopics.this) {
                live();
                if (current != null) {
                    throw new IllegalStateException("a transaction is already open");
                }
                current = new Txn();
                openById.put(id, current);
            }
        }

        @Override
        public Future<Appended> append(final ProducerRecord<byte[], byte[]> record) {
            synchronized (InMemoryTopics.this) {
                live();
                if (current == null) {
                    throw new IllegalStateException("no transaction is open");
                }
                final var entries = partition(record.topic(), record.partition());
                entries.add(new Entry(record.key(), record.value(), current));
                return CompletableFuture.completedFuture(new Appended(record.partition(), entries.size() - 1L));
            }
        }

        @Override
        public void commit() {
            synchronized (InMemoryTopics.this) {
                live();
                final var txn = opened();
                final var fault = commitFaults.poll();
                if (fault == null) {
                    end(txn, State.COMMITTED);
                    return;
                }
                switch (fault) {
                    case ABORTED -> {
                        end(txn, State.ABORTED);
                        throw new KafkaException("the transaction was aborted by the broker");
                    }
                    case AMBIGUOUS_COMMITTED, AMBIGUOUS_ABORTED -> {
                        end(txn, fault == CommitFault.AMBIGUOUS_COMMITTED ? State.COMMITTED : State.ABORTED);
                        mustRetryCommit = true;
                        throw new TimeoutException("commitTransaction timed out; its outcome is unknown");
                    }
                }
            }
        }

        @Override
        public void abort() {
            synchronized (InMemoryTopics.this) {
                live();
                if (mustRetryCommit) {
                    throw new KafkaException("the previous commitTransaction timed out and must be retried");
                }
                end(opened(), State.ABORTED);
            }
        }

        private Txn opened() {
            if (current == null) {
                throw new IllegalStateException("no transaction is open");
            }
            final var txn = current;
            current = null;
            openById.remove(id, txn);
            return txn;
        }

        private void live() {
            if (epoch < 0 || epochs.get(id) != epoch) {
                throw new ProducerFencedException("writer " + id + " epoch " + epoch + " is fenced");
            }
        }

        @Override
        public void close(final Duration wait) {
            synchronized (InMemoryTopics.this) {
                if (current != null && current.state == State.OPEN && epochs.get(id) == epoch) {
                    // A closed producer's open transaction stays open until the broker's timeout; here: aborted.
                    end(current, State.ABORTED);
                }
                current = null;
            }
        }
    }

    private final class Reader implements PartitionReader {

        private String topic;
        private long[] positions = new long[0];
        private boolean woken;

        @Override
        public void assignFromBeginning(final String name, final int partitions) {
            synchronized (InMemoryTopics.this) {
                this.topic = name;
                this.positions = new long[partitions];
            }
        }

        @Override
        public List<ConsumerRecord<byte[], byte[]>> poll(final Duration timeout) {
            final long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (InMemoryTopics.this) {
                while (true) {
                    if (woken) {
                        woken = false;
                        throw new WakeupException();
                    }
                    final var read = new ArrayList<ConsumerRecord<byte[], byte[]>>();
                    for (int p = 0; p < positions.length; p++) {
                        final var entries = partition(topic, p);
                        final long stable = lastStable(topic, p);
                        for (long offset = positions[p]; offset < stable; offset++) {
                            final var entry = entries.get((int) offset);
                            if (entry.txn().state == State.COMMITTED) {
                                read.add(new ConsumerRecord<>(topic, p, offset, entry.key(), entry.value()));
                            }
                        }
                        positions[p] = Math.max(positions[p], stable);
                    }
                    final long left = deadline - System.nanoTime();
                    if (!read.isEmpty() || left <= 0) {
                        return read;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(InMemoryTopics.this, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new WakeupException();
                    }
                }
            }
        }

        @Override
        public void seek(final int partition, final long offset) {
            synchronized (InMemoryTopics.this) {
                positions[partition] = offset;
            }
        }

        @Override
        public long position(final int partition) {
            synchronized (InMemoryTopics.this) {
                return positions[partition];
            }
        }

        @Override
        public void wakeup() {
            synchronized (InMemoryTopics.this) {
                woken = true;
                InMemoryTopics.this.notifyAll();
            }
        }

        @Override
        public void close(final Duration wait) {
            wakeup();
        }
    }
}
