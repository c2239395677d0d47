package dev.numbers.connector.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the intents topic (read_committed, all partitions, no group) up to its high watermark.
 *
 * <p>The target is the high watermark, not the last stable offset: a STARTED intent written after another
 * producer's still-open transaction lies beyond the LSO, and stopping there would miss it and post a purchase
 * that may have happened. Reaching the high watermark waits for such a transaction to end (at most the producer's
 * transaction.timeout.ms after a crash). While it waits, it says every 10 s which partitions are behind and whose
 * open transactions hold them ({@link OpenTransactions}).
 */
final class IntentReader implements IntentLog {

    private static final Logger LOG = LoggerFactory.getLogger(IntentReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    /** How long a partition held by an absent schema registry rests before it is read again. */
    private static final Duration REGISTRY_PAUSE = Duration.ofSeconds(1);

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final Consumer<byte[], byte[]> fetcher;
    private final Admin admin;
    private final Set<TopicPartition> assigned = new HashSet<>();
    /** Poll thread only: when the next "held by the registry" warning may be logged. */
    private long nextHeldReport = System.nanoTime();
    private final OpenTransactions openTransactions;

    /**
     * {@code fetcher} (read_uncommitted) reads single committed records for request threads; {@code consumer} belongs
     * to the poll thread.
     */
    IntentReader(final String topic, final Consumer<byte[], byte[]> consumer,
                 final Consumer<byte[], byte[]> fetcher, final Admin admin) {
        this.topic = topic;
        this.consumer = consumer;
        this.fetcher = fetcher;
        this.admin = admin;
        this.openTransactions = new OpenTransactions(admin, Clock.systemUTC());
    }

    /**
     * The record at {@code offset}, which the caller knows is committed; empty when the topic no longer has it.
     */
    @Override
    public synchronized Optional<ConsumerRecord<byte[], byte[]>> fetch(final int partition, final long offset) {
        final var at = new TopicPartition(topic, partition);
        fetcher.assign(List.of(at));
        fetcher.seek(at, offset);
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (final var record : fetcher.poll(POLL)) {
                if (record.offset() == offset) {
                    return Optional.of(record);
                }
                if (record.offset() > offset) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Hands every intent record up to the current high watermark to {@code apply}, one poll at a time with the
     * position reached in each partition. A partition read for the first time starts at its position in
     * {@code from} (the store's checkpoint), or at the beginning. False when stopped first.
     */
    @Override
    public boolean catchUp(final Map<Integer, Long> from,
                    final Applier apply,
                    final BooleanSupplier stopping, final Hanging hanging) throws InterruptedException {
        final var partitions = new HashSet<TopicPartition>();
        consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        if (!partitions.equals(assigned)) {
            final var added = new HashSet<>(partitions);
            added.removeAll(assigned);
            consumer.assign(partitions);
            for (final var partition : added) {
                final var checkpoint = from.get(partition.partition());
                if (checkpoint == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, checkpoint);
                }
            }
            assigned.clear();
            assigned.addAll(partitions);
        }
        final var target = highWatermarks(partitions, stopping);
        if (target == null) {
            return false;
        }
        long read = 0;
        long nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
        while (!reached(target)) {
            if (stopping.getAsBoolean()) {
                return false;
            }
            final var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
            consumer.poll(POLL).forEach(records::add);
            final var held = apply.apply(records, positions());
            if (readAgain(held)) {
                hanging.held("intent ledger catch-up waits for the schema registry to decode " + topic
                        + " at partition@offset " + held);
                Thread.sleep(REGISTRY_PAUSE);
            }
            read += records.size();
            if (System.nanoTime() > nextReport) {
                final var behind = behind(target);
                final var report = openTransactions.describe(behind.keySet());
                LOG.warn("intent ledger still catching up ({} record(s) read; behind on {}); held by: {}", read,
                        behind, report);
                if (!report.hanging().isEmpty()) {
                    hanging.held("intent ledger catch-up held by a hanging transaction: " + report.hanging().get(0));
                }
                nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
            }
        }
        if (read > 0) {
            LOG.info("intent ledger caught up: {} record(s) read from {}", read, topic);
        }
        return true;
    }

    /**
     * Between catch-ups: applies what the consumer has now, for at most {@code budget}, waiting for nothing (an open
     * transaction elsewhere only stops it early). Keeps the store's checkpoint near the end of the topic, so a
     * restart after a crash reads little. Does nothing before the first catch-up.
     */
    @Override
    public void advance(final Applier apply,
                 final Duration budget) {
        if (assigned.isEmpty()) {
            return;
        }
        final long deadline = System.nanoTime() + budget.toNanos();
        while (System.nanoTime() < deadline) {
            final var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
            consumer.poll(Duration.ZERO).forEach(records::add);
            if (records.isEmpty()) {
                return;
            }
            if (readAgain(apply.apply(records, positions()))) {
                return;
            }
        }
    }

    /** True once the first catch-up assigned the partitions: from then on {@link #advance} reads. */
    @Override
    public boolean following() {
        return !assigned.isEmpty();
    }

    /**
     * Moves the reader past records the ledger got another way (the claims' tail), so the next catch-up or advance
     * starts there instead of reading them again.
     */
    @Override
    public void skipTo(final Map<Integer, Long> positions) {
        for (final var partition : assigned) {
            final Long at = positions.get(partition.partition());
            if (at != null && at > consumer.position(partition)) {
                consumer.seek(partition, at);
            }
        }
    }

    /** Seeks each held partition back to its record (said every 10 s while it lasts); true when any was held. */
    private boolean readAgain(final Map<Integer, Long> held) {
        if (held.isEmpty()) {
            return false;
        }
        held.forEach((partition, offset) -> consumer.seek(new TopicPartition(topic, partition), offset));
        if (System.nanoTime() - nextHeldReport > 0) {
            LOG.warn("intents of {} cannot be decoded while the schema registry is away; the ledger reads them again"
                    + " from partition@offset {}", topic, held);
            nextHeldReport = System.nanoTime() + REPORT_EVERY.toNanos();
        }
        return true;
    }

    private Map<Integer, Long> positions() {
        final var positions = new HashMap<Integer, Long>();
        for (final var partition : assigned) {
            positions.put(partition.partition(), consumer.position(partition));
        }
        return positions;
    }

    /** The partitions not yet read up to their target, with "position/target". */
    private Map<TopicPartition, String> behind(final Map<TopicPartition, Long> target) {
        final var behind = new TreeMap<TopicPartition, String>(Comparator.comparingInt(TopicPartition::partition));
        target.forEach((partition, end) -> {
            final long at = consumer.position(partition);
            if (at < end) {
                behind.put(partition, at + "/" + end);
            }
        });
        return behind;
    }

    private boolean reached(final Map<TopicPartition, Long> target) {
        for (final var entry : target.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Null when stopping first. A broker that cannot answer yet (new topic, leader moving) is asked again. */
    private Map<TopicPartition, Long> highWatermarks(final Set<TopicPartition> partitions,
                                                     final BooleanSupplier stopping) throws InterruptedException {
        final var specs = new HashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(partition -> specs.put(partition, OffsetSpec.latest()));
        while (!stopping.getAsBoolean()) {
            try {
                final var answer = admin.listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                        .all().get(60, TimeUnit.SECONDS);
                final var target = new HashMap<TopicPartition, Long>();
                answer.forEach((partition, info) -> target.put(partition, info.offset()));
                return target;
            } catch (ExecutionException | TimeoutException e) {
                final var cause = e.getCause() != null ? e.getCause() : e;
                if (!(cause instanceof RetriableException
                        || cause instanceof TimeoutException)) {
                    throw new KafkaException("cannot read the end of the intents topic "
                            + topic + ": " + cause.getMessage(), e);
                }
                LOG.warn("cannot read the end of the intents topic {} yet ({}); asking again", topic,
                        cause.toString());
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        return null;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        fetcher.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        admin.close(Duration.ofSeconds(5));
    }
}
