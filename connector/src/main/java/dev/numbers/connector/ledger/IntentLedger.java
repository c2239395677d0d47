package dev.numbers.connector.ledger;

import dev.numbers.connector.lane.Appender;
import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's memory of every request_id, kept on the compacted intents topic and mirrored in a
 * {@link LedgerStore} (on disk by default; it holds states and positions, not results: see
 * {@link LedgerEntry.StoredResult}). This class is the ledger's face to the loop and the claims: lookups, the
 * COMPLETED of a result's transaction and its settling, catch-up and advance. Its rooms: the records it writes
 * ({@link IntentRecords}), how what is read and written merges into the store ({@link LedgerMirror}), decoding
 * ({@link IntentEntries}), reading the topic ({@link IntentLog}; {@link IntentReader} on the broker) and expiry
 * ({@link LedgerExpiry}).
 *
 * <p>STARTED is written by the {@link FencedClaimWriter} (committed only when no COMPLETED of the request_id comes
 * before it) before the provider is called; COMPLETED travels in the result's transaction; {@code tombstones} (a
 * plain idempotent producer) writes only the expiry's tombstones. The store holds what Kafka holds (read from its
 * checkpoint at start-up and at every partition assignment, see {@link #catchUp}) plus what this process finished but
 * has not committed yet ({@code pending}), so a duplicate request_id running right behind its original is answered,
 * not executed.
 *
 * <p>Over 300 lines, knowingly: the pending completions, their settling (committed, or exactly the dropped record
 * discarded) and the checkpoint that follows the claims' tail all decide what a lookup sees, and split apart they
 * would have to share the one lock-free view of {@code pending} and the mirror.
 */
public final class IntentLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IntentLedger.class);
    /** Short: the read saves the next start some reading, and a stop must stay bounded (the broker may be gone). */
    private static final Duration FINAL_READ = Duration.ofSeconds(3);
    private static final long ADVANCE_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final Duration ADVANCE_BUDGET = Duration.ofMillis(20);

    private final String topic;
    private final Appender tombstones;
    private final Deserializer<Intent> deserializer;
    private final IntentLog reader;
    private final MeterRegistry meters;
    private final Clock clock;
    private final LedgerStore store;
    private final IntentRecords records;
    private final LedgerMirror mirror;
    private final LedgerExpiry expiry;
    private final Duration staleAfter;
    private long nextAdvance;
    /**
     * Intent records read by catch-ups (start-up, assignments), and what {@link #advance} moved the checkpoint past
     * between them (offsets, when the tail had merged them).
     */
    private final Counter restored;
    private final Counter followed;
    /** Finished here, not committed yet, with the COMPLETED record that carries it (to settle exactly that one). */
    private final Map<String, Unsettled> pending = new ConcurrentHashMap<>();
    /** The claims' tail, once there is one: {@link #advance} then moves the checkpoint without reading again. */
    private volatile IntentTail tail;
    /** Removed at close: a scrape during a stop must not read the store it is closing. */
    private final Gauge entries;

    IntentLedger(final String topic, final Appender tombstones, final Serializer<Intent> serializer,
                 final Deserializer<Intent> deserializer, final IntentLog reader, final LedgerStore store,
                 final LedgerConfig config, final MeterRegistry meters, final Clock clock) {
        this.topic = topic;
        this.tombstones = tombstones;
        this.deserializer = deserializer;
        this.reader = reader;
        this.store = store;
        this.records = new IntentRecords(topic, serializer, clock);
        this.mirror = new LedgerMirror(store, new IntentEntries(deserializer));
        this.meters = meters;
        this.clock = clock;
        this.staleAfter = config.dedupeWindow().minus(config.clockMargin());
        this.expiry = new LedgerExpiry(topic, store, tombstones, mirror::removeExpired, config.dedupeWindow(), meters,
                clock);
        this.entries = Gauge.builder("connector.ledger.entries", store, LedgerStore::size).register(meters);
        this.restored = meters.counter("connector.ledger.restore.records");
        this.followed = meters.counter("connector.ledger.followed.records");
    }

    /** Starts tombstoning entries that left the dedupe window, every {@code interval}. */
    void expireEvery(final Duration interval) {
        expiry.schedule(interval);
    }

    /**
     * True when the request was made too long ago for the ledger to vouch for it: its entry may already be gone,
     * so executing it could repeat a purchase. Asked only for request_ids the ledger does not know.
     */
    public boolean stale(final NumberRequest request) {
        return request.getRequestedAt().isBefore(clock.instant().minus(staleAfter));
    }

    public Optional<LedgerEntry> lookup(final String requestId) {
        final var finished = pending.get(requestId);
        return finished != null ? Optional.of(finished.entry()) : mirror.get(requestId);
    }

    /**
     * The STARTED intent of a claim ({@code claimant}, {@code leaseUntil}; see {@link Claims}) or of a
     * search-and-purchase {@code candidate} about to be bought, stamped now, for the {@link FencedClaimWriter}.
     */
    Intent startedIntent(final NumberRequest request, final int attempt, final String claimant,
                         final Instant leaseUntil, final String candidate) {
        return records.started(request, attempt, claimant, leaseUntil, candidate);
    }

    /** The record of a STARTED intent. Throws when it cannot be serialized (registry down); the writer retries. */
    ProducerRecord<byte[], byte[]> startedRecord(final Intent started) {
        return records.record(started);
    }

    /** A STARTED of this process became visible (committed): the store knows it before the tail reads it back. */
    void started(final String requestId, final LedgerEntry.Started entry) {
        mirror.merge(requestId, entry);
    }

    /** A claim of this process became visible at {@code at} ({@link LedgerMirror#claimed}). */
    void claimed(final String requestId, final LedgerEntry.Started entry, final IntentPosition at,
                 final Intent intent) {
        mirror.claimed(requestId, entry, at, intent);
    }

    /** The COMPLETED of {@code requestId}, read from the topic or finished here and not yet committed. */
    Optional<LedgerEntry.Completed> completedOf(final String requestId) {
        return lookup(requestId).filter(LedgerEntry.Completed.class::isInstance).map(LedgerEntry.Completed.class::cast);
    }

    /**
     * The COMPLETED intent for the result's transaction. From now on a duplicate of this request_id is answered
     * with this result; {@link #committed} or {@link #discarded} settles it once the transaction is decided.
     * Throws when the intent cannot be serialized (registry down); the caller retries. {@code settlements} are kept
     * with it until then: a republish of this very record goes with them.
     */
    public ProducerRecord<byte[], byte[]> completed(final NumberRequest request, final NumberResult result,
                                                    final int attempt, final RecordRef source,
                                                    final List<ProducerRecord<byte[], byte[]>> settlements) {
        final var record = records.record(records.completed(request, result, attempt, source));
        pending.put(request.getRequestId(), new Unsettled(new LedgerEntry.Completed(attempt, Optional.of(source),
                new LedgerEntry.StoredResult.Unpublished(result, settlements), request.getRequestedAt()), record));
        return record;
    }

    /**
     * The transaction holding these COMPLETED intents is committed; {@code written} maps each request_id to where
     * its intent landed, which is all the mirror keeps from now on.
     */
    public void committed(final Map<String, RecordMetadata> written) {
        written.forEach((id, where) -> {
            final var unsettled = pending.remove(id);
            if (unsettled != null) {
                final var done = unsettled.entry();
                mirror.merge(id, new LedgerEntry.Completed(done.attempt(), done.source(),
                        new LedgerEntry.StoredResult.InTopic(where.partition(), where.offset()), done.requestedAt()));
            }
        });
    }

    /** The stored result of a completed request; read back from the intents topic once it left memory. */
    public NumberResult result(final LedgerEntry.Completed done) {
        return switch (done.result()) {
            case LedgerEntry.StoredResult.Unpublished unpublished -> unpublished.result();
            case LedgerEntry.StoredResult.Held held -> held.result();
            case LedgerEntry.StoredResult.InTopic at -> {
                final var record = reader.fetch(at.partition(), at.offset()).orElseThrow(() ->
                        new IllegalStateException("the COMPLETED intent at " + topic + "-" + at.partition() + "@"
                                + at.offset() + " is gone (was the intents topic deleted or truncated?)"));
                yield deserializer.deserialize(record.topic(), record.headers(), record.value()).getResult();
            }
        };
    }

    /**
     * These COMPLETED intents will not be published by this process (their partition moved). Only exactly these are
     * forgotten: the same record may already run again at the partition's new epoch here, with a completion of its
     * own.
     */
    public void discarded(final Collection<ProducerRecord<byte[], byte[]>> completedIntents) {
        for (final var intent : completedIntents) {
            final var requestId = new String(intent.key(), StandardCharsets.UTF_8);
            pending.computeIfPresent(requestId, (id, unsettled) -> unsettled.record() == intent ? null : unsettled);
        }
    }

    /** This process's undecided completion of {@code requestId} will not be published: see {@code LedgerView}. */
    public void forget(final String requestId) {
        pending.remove(requestId);
    }

    /** A completion of this process and the record that carries it, until its transaction is decided. */
    private record Unsettled(LedgerEntry.Completed entry, ProducerRecord<byte[], byte[]> record) {
    }

    /**
     * Reads what other processes (or this one before a crash) wrote since the last catch-up. Must finish before
     * records of newly assigned partitions run. False when stopping first.
     */
    public boolean catchUp(final BooleanSupplier stopping) {
        return catchUp(stopping, held -> { });
    }

    /**
     * As {@link #catchUp(BooleanSupplier)}; {@code hanging} is told (every 10 s while it lasts) when a hanging
     * transaction holds the catch-up: one no timeout will end (docs/operations.md, Hanging transactions).
     */
    public boolean catchUp(final BooleanSupplier stopping, final Consumer<String> hanging) {
        try {
            final var started = System.nanoTime();
            final var done = reader.catchUp(store.positions(), (read, positions) -> apply(read, positions, restored),
                    stopping, hanging::accept);
            meters.timer("connector.ledger.catch-up").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Told of every intent this process reads (catch-up and tail), after its entry is in the store. */
    void observeWith(final IntentObserver observer) {
        mirror.observeWith(observer);
    }

    /**
     * An intent record read by the {@link IntentTail}: merged into the store like one read at catch-up (the
     * checkpoint does not move: the catch-up and {@link #advance} reads own it), then shown to the observer.
     */
    void observe(final ConsumerRecord<byte[], byte[]> record) {
        mirror.observe(record);
    }

    /** The claims' tail hands every intent to {@link #observe}; {@link #advance} leans on it from now on. */
    void followedBy(final IntentTail following) {
        this.tail = following;
    }

    /**
     * On the poll thread between catch-ups, at most once a second for at most 20 ms: applies what other instances
     * (and this one) wrote since, without waiting, so the checkpoint follows the topic and a restart after a crash
     * reads seconds of intents, not everything since the last rebalance. While the tail covers the checkpoint it
     * has already merged every one of those records into the store (and shown it to the board), so the checkpoint
     * only moves to the tail's positions: each intent is decoded and merged once, not twice.
     */
    public void advance() {
        final long now = System.nanoTime();
        if (now - nextAdvance < 0 || !reader.following()) {
            return;
        }
        nextAdvance = now + ADVANCE_EVERY_NANOS;
        final var following = tail;
        final var checkpoint = following == null ? Map.<Integer, Long>of() : store.positions();
        final var ahead = following == null ? Optional.<Map<Integer, Long>>empty() : following.covering(checkpoint);
        if (ahead.isPresent()) {
            if (!ahead.get().isEmpty()) {
                store.apply(Map.of(), ahead.get());
                reader.skipTo(ahead.get());
                // Offsets, so transaction markers count too: what the checkpoint moved past.
                followed.increment(ahead.get().entrySet().stream()
                        .mapToLong(at -> at.getValue() - checkpoint.get(at.getKey())).sum());
            }
            return;
        }
        reader.advance((read, positions) -> apply(read, positions, followed), ADVANCE_BUDGET);
    }

    private Map<Integer, Long> apply(final List<ConsumerRecord<byte[], byte[]>> read,
                                     final Map<Integer, Long> positions, final Counter counted) {
        final var held = mirror.apply(read, positions);
        counted.increment(read.size());
        return held;
    }

    /**
     * Reads this process's own last writes (bounded by {@link #FINAL_READ}) before closing, so the checkpoint covers
     * them and the next start reads only what others wrote meanwhile. Runs on the poll thread, which owns the reader.
     */
    @Override
    public void close() {
        close(true);
    }

    /**
     * As {@link #close()}; without {@code readLast} (Kafka is unreachable: the read would wait for the topic's
     * metadata far longer than a stop may take) the next start reads from the last checkpoint instead.
     */
    public void close(final boolean readLast) {
        meters.remove(entries);
        expiry.close();
        final long deadline = System.nanoTime() + FINAL_READ.toNanos();
        try {
            if (readLast) {
                catchUp(() -> System.nanoTime() > deadline);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not read the intents topic once more before closing ({}); the next start reads from the"
                    + " last checkpoint", e.toString());
        }
        tombstones.close(Duration.ofSeconds(5));
        reader.close();
        store.close();
    }
}
