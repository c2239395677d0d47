package dev.numbers.connector.lane;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Topic partitions held in memory with the broker's transactional rules, for the lanes' real decisions in unit
 * tests: records get offsets in append order; a transaction's records become readable together when it commits and
 * never when it aborts; a read_committed reader stops at a partition's last stable offset (the first record of a
 * transaction still open); a writer that registers a transactional id aborts what an earlier writer of that id left
 * open and fences it; a read_uncommitted reader reads every record appended; a plain {@link #appender} commits each
 * record as it appends it. Failures are injected per commit ({@link #failNextCommit}). Thread-safe: one monitor.
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

    /** {@code txn} null: appended outside a transaction, readable at once. */
    private record Entry(byte[] key, byte[] value, long timestamp, Txn txn) {

        boolean committed() {
            return txn == null || txn.state == State.COMMITTED;
        }

        boolean open() {
            return txn != null && txn.state == State.OPEN;
        }
    }

    private static final Txn PLAIN = null;

    private final Map<String, List<List<Entry>>> topics = new HashMap<>();
    private final Map<String, Integer> epochs = new HashMap<>();
    private final Map<String, Txn> openById = new HashMap<>();
    private final Deque<CommitFault> commitFaults = new ArrayDeque<>();
    /** While set, every commit waits for it: a broker that does not answer. */
    private volatile CountDownLatch commitsHeld;

    /** Creates {@code name} with {@code partitions} empty partitions. */
    public synchronized InMemoryTopics topic(final String name, final int partitions) {
        final var list = new ArrayList<List<Entry>>();
        for (int p = 0; p < partitions; p++) {
            list.add(new ArrayList<>());
        }
        topics.put(name, list);
        return this;
    }

    /** True once {@link #topic} created {@code name}. */
    public synchronized boolean has(final String name) {
        return topics.containsKey(name);
    }

    /** Every commit from now on waits (a broker that does not answer) until the returned action runs. */
    public Runnable holdCommits() {
        final var held = new CountDownLatch(1);
        commitsHeld = held;
        return () -> {
            commitsHeld = null;
            held.countDown();
        };
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
        return new Reader(true);
    }

    /** A read_uncommitted reader: every record appended, in open, committed and aborted transactions alike. */
    public PartitionReader uncommittedReader() {
        return new Reader(false);
    }

    /** A plain producer: each record is committed as it is appended. */
    public Appender appender() {
        return new Appender() {
            @Override
            public Future<Transactions.Appended> append(final ProducerRecord<byte[], byte[]> record) {
                return CompletableFuture.completedFuture(add(record, PLAIN));
            }

            @Override
            public void close(final Duration wait) {
            }
        };
    }

    /**
     * Where the record landed: its partition, else its key's (as Kafka's producer places it), else 0. Readers waiting
     * are woken (a read_uncommitted one reads it at once).
     */
    private synchronized Transactions.Appended add(final ProducerRecord<byte[], byte[]> record, final Txn txn) {
        final int partition = record.partition() != null ? record.partition() : record.key() == null ? 0
                : BuiltInPartitioner.partitionForKey(record.key(), topics.get(record.topic()).size());
        final var entries = partition(record.topic(), partition);
        entries.add(new Entry(record.key(), record.value(),
                record.timestamp() == null ? System.currentTimeMillis() : record.timestamp(), txn));
        notifyAll();
        return new Transactions.Appended(partition, entries.size() - 1L);
    }

    /** The committed values of a partition, in offset order. */
    public synchronized List<byte[]> committed(final String topic, final int partition) {
        return partition(topic, partition).stream().filter(Entry::committed)
                .map(Entry::value).toList();
    }

    /** How many partitions {@code topic} has. */
    public synchronized int partitions(final String topic) {
        return topics.get(topic).size();
    }

    /** The partition's end (its high watermark): the offset the next record appended gets. */
    public synchronized long end(final String topic, final int partition) {
        return partition(topic, partition).size();
    }

    /** The committed record at {@code offset}; empty when there is none (aborted, open, or past the end). */
    public synchronized Optional<ConsumerRecord<byte[], byte[]>> committedAt(final String topic, final int partition,
                                                                             final long offset) {
        final var entries = partition(topic, partition);
        if (offset < 0 || offset >= entries.size() || !entries.get((int) offset).committed()) {
            return Optional.empty();
        }
        final var entry = entries.get((int) offset);
        return Optional.of(new ConsumerRecord<>(topic, partition, offset, entry.key(), entry.value()));
    }

    /** The offset a read_committed reader of the partition cannot pass. */
    public synchronized long lastStable(final String topic, final int partition) {
        final var entries = partition(topic, partition);
        for (int offset = 0; offset < entries.size(); offset++) {
            if (entries.get(offset).open()) {
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
                return CompletableFuture.completedFuture(add(record, current));
            }
        }

        @Override
        public void commit() {
            final var held = commitsHeld;
            if (held != null) {
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptException(e);
                }
            }
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

        private final boolean committedOnly;
        private final Set<Integer> paused = new HashSet<>();
        private String topic;
        private long[] positions = new long[0];
        private boolean woken;

        private Reader(final boolean committedOnly) {
            this.committedOnly = committedOnly;
        }

        @Override
        public void assignFromBeginning(final String name, final int partitions) {
            synchronized (InMemoryTopics.this) {
                this.topic = name;
                this.positions = new long[partitions];
            }
        }

        @Override
        public int assignSince(final String name, final Instant since) {
            synchronized (InMemoryTopics.this) {
                final int partitions = topics.get(name).size();
                assignFromBeginning(name, partitions);
                for (int p = 0; p < partitions; p++) {
                    final var entries = partition(name, p);
                    int offset = 0;
                    while (offset < entries.size() && entries.get(offset).timestamp() < since.toEpochMilli()) {
                        offset++;
                    }
                    positions[p] = offset;
                }
                return partitions;
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
                        if (paused.contains(p)) {
                            continue;
                        }
                        final var entries = partition(topic, p);
                        final long end = committedOnly ? lastStable(topic, p) : entries.size();
                        for (long offset = positions[p]; offset < end; offset++) {
                            final var entry = entries.get((int) offset);
                            if (!committedOnly || entry.committed()) {
                                read.add(new ConsumerRecord<>(topic, p, offset, entry.key(), entry.value()));
                            }
                        }
                        positions[p] = Math.max(positions[p], end);
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
        public void pause(final Collection<Integer> partitions) {
            synchronized (InMemoryTopics.this) {
                paused.addAll(partitions);
            }
        }

        @Override
        public void resume(final Collection<Integer> partitions) {
            synchronized (InMemoryTopics.this) {
                paused.removeAll(partitions);
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
