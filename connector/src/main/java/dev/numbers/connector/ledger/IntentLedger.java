package dev.numbers.connector.ledger;

import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentSource;
import dev.numbers.schemas.avro.IntentState;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import dev.numbers.connector.observe.RequestTracing;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's memory of every request_id, kept on the compacted intents topic and mirrored in a
 * {@link LedgerStore} (on disk by default; it holds states and positions, not results: see
 * {@link LedgerEntry.StoredResult}). About 350 lines because writing, reading (catch-up, follow) and merging share
 * one lock and one store; decoding ({@link IntentEntries}), storage and expiry ({@link LedgerExpiry}) are rooms of
 * their own.
 *
 * <p>STARTED is written by the {@link FencedClaimWriter} (committed only when no COMPLETED of the request_id comes
 * before it) before the provider is called; COMPLETED travels in the result's transaction; {@code tombstones} (a
 * plain idempotent producer) writes only the expiry's tombstones. The store holds what Kafka holds (read from its
 * checkpoint at
 * start-up and at every partition assignment, see {@link #catchUp}) plus what this process finished but has not
 * committed yet
 * ({@code pending}), so a duplicate request_id running right behind its original is answered, not executed.
 */
public final class IntentLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IntentLedger.class);
    private static final Duration FINAL_READ = Duration.ofSeconds(10);
    private static final long ADVANCE_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final Duration ADVANCE_BUDGET = Duration.ofMillis(20);

    private final String topic;
    private final Producer<byte[], byte[]> tombstones;
    private final Serializer<Intent> serializer;
    private final Deserializer<Intent> deserializer;
    private final IntentReader reader;
    private final MeterRegistry meters;
    private final Clock clock;
    private final LedgerStore store;
    private final IntentEntries entries;
    private final LedgerExpiry expiry;
    private final Duration staleAfter;
    /** Merging an intent with the stored entry reads and then writes; the poll and request threads both do it. */
    private final Object merging = new Object();
    private long nextAdvance;
    /** Intent records read by catch-ups (start-up, assignments) and by {@link #advance} between them. */
    private final Counter restored;
    private final Counter followed;
    private final Map<String, LedgerEntry.Completed> pending = new ConcurrentHashMap<>();
    private volatile IntentObserver observer = IntentObserver.NONE;

    IntentLedger(final String topic, final Producer<byte[], byte[]> tombstones, final Serializer<Intent> serializer,
                 final Deserializer<Intent> deserializer, final IntentReader reader, final LedgerStore store,
                 final LedgerConfig config, final MeterRegistry meters, final Clock clock) {
        this.topic = topic;
        this.tombstones = tombstones;
        this.serializer = serializer;
        this.deserializer = deserializer;
        this.reader = reader;
        this.store = store;
        this.entries = new IntentEntries(deserializer);
        this.meters = meters;
        this.clock = clock;
        this.staleAfter = config.dedupeWindow().minus(config.clockMargin());
        this.expiry = new LedgerExpiry(topic, store, tombstones, this::removeExpired, config.dedupeWindow(), meters,
                clock);
        meters.gauge("connector.ledger.entries", store, LedgerStore::size);
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
        final LedgerEntry finished = pending.get(requestId);
        return finished != null ? Optional.of(finished) : store.get(requestId);
    }

    /**
     * The STARTED intent of a claim ({@code claimant}, {@code leaseUntil}; see {@link Claims}) or of a
     * search-and-purchase {@code candidate} about to be bought, stamped now, for the {@link FencedClaimWriter}.
     */
    Intent startedIntent(final NumberRequest request, final int attempt, final String claimant,
                         final Instant leaseUntil, final String candidate) {
        return Intent.newBuilder()
                .setRequestId(request.getRequestId())
                .setState(IntentState.STARTED)
                .setRequest(request)
                .setUpdatedAt(clock.instant())
                .setResult(null)
                .setAttempt(attempt)
                .setSource(null)
                .setClaimant(claimant)
                .setLeaseUntil(leaseUntil)
                .setCandidate(candidate)
                .build();
    }

    /** The record of a STARTED intent. Throws when it cannot be serialized (registry down); the writer retries. */
    ProducerRecord<byte[], byte[]> startedRecord(final Intent started) {
        return RequestTracing.traced(new ProducerRecord<>(topic, key(started.getRequestId().toString()),
                serializer.serialize(topic, started)));
    }

    /** A STARTED of this process became visible (committed): the store knows it before the tail reads it back. */
    void started(final String requestId, final LedgerEntry.Started entry) {
        merge(requestId, entry);
    }

    /**
     * A claim of this process became visible at {@code at}: merged, and shown to the observer (the claim board)
     * before the tail reads it back, unless a COMPLETED of the id was read meanwhile. Under the merging lock, so a
     * COMPLETED the tail reads at the same time is either seen here or ends the claim on the board after this.
     */
    void claimed(final String requestId, final LedgerEntry.Started entry, final IntentPosition at,
                 final Intent intent) {
        synchronized (merging) {
            final var known = store.get(requestId);
            if (known.filter(LedgerEntry.Completed.class::isInstance).isPresent()) {
                return;
            }
            store.put(requestId, known.map(k -> latest(k, entry)).orElse(entry));
            observer.observed(requestId, at, intent);
        }
    }

    /** The COMPLETED of {@code requestId}, read from the topic or finished here and not yet committed. */
    Optional<LedgerEntry.Completed> completedOf(final String requestId) {
        return lookup(requestId).filter(LedgerEntry.Completed.class::isInstance).map(LedgerEntry.Completed.class::cast);
    }

    /**
     * The COMPLETED intent for the result's transaction. From now on a duplicate of this request_id is answered
     * with this result; {@link #committed} or {@link #discarded} settles it once the transaction is decided.
     * Throws when the intent cannot be serialized (registry down); the caller retries.
     */
    public ProducerRecord<byte[], byte[]> completed(final NumberRequest request, final NumberResult result,
                                                    final int attempt, final RecordRef source) {
        final var intent = Intent.newBuilder()
                .setRequestId(request.getRequestId())
                .setState(IntentState.COMPLETED)
                .setRequest(withoutNumberLists(request))
                .setUpdatedAt(clock.instant())
                .setResult(result)
                .setAttempt(attempt)
                .setSource(IntentSource.newBuilder().setTopic(source.topic()).setPartition(source.partition())
                        .setOffset(source.offset()).build())
                .build();
        final var record = RequestTracing.traced(
                new ProducerRecord<>(topic, key(request.getRequestId()), serializer.serialize(topic, intent)));
        pending.put(request.getRequestId(), new LedgerEntry.Completed(attempt, Optional.of(source),
                new LedgerEntry.StoredResult.Held(result), request.getRequestedAt()));
        return record;
    }

    /**
     * The request as a COMPLETED intent keeps it: without its phone-number lists. Nothing reads them back (the
     * stored result answers duplicates), and keeping them would store a large order twice next to its result.
     */
    private static NumberRequest withoutNumberLists(final NumberRequest request) {
        final Object slim = switch (request.getOperation()) {
            case SignalWireCreateAssignmentOrder o ->
                    SignalWireCreateAssignmentOrder.newBuilder(o)
                            .setPhoneNumbers(List.of()).build();
            case TelnyxCreateNumberOrder t ->
                    TelnyxCreateNumberOrder.newBuilder(t)
                            .setPhoneNumbers(List.of()).build();
            case null, default -> request.getOperation();
        };
        return slim == request.getOperation() ? request
                : NumberRequest.newBuilder(request).setOperation(slim).build();
    }

    /**
     * The transaction holding these COMPLETED intents is committed; {@code written} maps each request_id to where
     * its intent landed, which is all the mirror keeps from now on.
     */
    public void committed(final Map<String, RecordMetadata> written) {
        written.forEach((id, where) -> {
            final var done = pending.remove(id);
            if (done != null) {
                merge(id, new LedgerEntry.Completed(done.attempt(), done.source(),
                        new LedgerEntry.StoredResult.InTopic(where.partition(), where.offset()), done.requestedAt()));
            }
        });
    }

    /** The stored result of a completed request; read back from the intents topic once it left memory. */
    public NumberResult result(final LedgerEntry.Completed done) {
        return switch (done.result()) {
            case LedgerEntry.StoredResult.Held held -> held.result();
            case LedgerEntry.StoredResult.InTopic at -> {
                final var record = reader.fetch(at.partition(), at.offset()).orElseThrow(() ->
                        new IllegalStateException("the COMPLETED intent at " + topic + "-" + at.partition() + "@"
                                + at.offset() + " is gone (was the intents topic deleted or truncated?)"));
                yield deserializer.deserialize(record.topic(), record.headers(), record.value()).getResult();
            }
        };
    }

    /** These requests' results will not be published by this process (their partition moved elsewhere). */
    public void discarded(final Collection<String> requestIds) {
        requestIds.forEach(pending::remove);
    }

    /**
     * Reads what other processes (or this one before a crash) wrote since the last catch-up. Must finish before
     * records of newly assigned partitions run. False when stopping first.
     */
    public boolean catchUp(final BooleanSupplier stopping) {
        try {
            final var started = System.nanoTime();
            final var done = reader.catchUp(store.positions(), (records, positions) -> apply(records, positions,
                    restored), stopping);
            meters.timer("connector.ledger.catch-up").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Told of every intent this process reads (catch-up and tail), after its entry is in the store. */
    void observeWith(final IntentObserver observer) {
        this.observer = observer;
    }

    /**
     * An intent record read by the {@link IntentTail}: merged into the store like one read at catch-up (the
     * checkpoint does not move: the catch-up and {@link #advance} reads own it), then shown to the observer.
     */
    void observe(final ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        final var id = new String(record.key(), StandardCharsets.UTF_8);
        final var read = entries.read(id, record);
        synchronized (merging) {
            if (read.entry().isPresent()) {
                final var incoming = read.entry().get();
                store.put(id, store.get(id).map(known -> latest(known, incoming)).orElse(incoming));
            } else {
                store.remove(List.of(id));
            }
        }
        if (read.intent() != null) {
            observer.observed(id, new IntentPosition(record.partition(), record.offset()), read.intent());
        }
    }

    /**
     * On the poll thread between catch-ups, at most once a second for at most 20 ms: applies what other instances
     * (and this one) wrote since, without waiting, so the checkpoint follows the topic and a restart after a crash
     * reads seconds of intents, not everything since the last rebalance.
     */
    public void advance() {
        final long now = System.nanoTime();
        if (now - nextAdvance < 0) {
            return;
        }
        nextAdvance = now + ADVANCE_EVERY_NANOS;
        reader.advance((records, positions) -> apply(records, positions, followed), ADVANCE_BUDGET);
    }

    /** One poll's records, merged in order, then handed to the store with where the read stands. */
    private void apply(final List<ConsumerRecord<byte[], byte[]>> records, final Map<Integer, Long> positions,
                       final Counter read) {
        synchronized (merging) {
            final var changes = new HashMap<String, Optional<LedgerEntry>>();
            final var intents = new ArrayList<Runnable>();
            for (final var record : records) {
                if (record.key() == null) {
                    continue;
                }
                final var id = new String(record.key(), StandardCharsets.UTF_8);
                final var decoded = entries.read(id, record);
                if (decoded.intent() != null) {
                    final var at = new IntentPosition(record.partition(), record.offset());
                    intents.add(() -> observer.observed(id, at, decoded.intent()));
                }
                final var incoming = decoded.entry();
                if (incoming.isEmpty()) {
                    changes.put(id, Optional.empty());
                    continue;
                }
                final var known = changes.containsKey(id) ? changes.get(id) : store.get(id);
                changes.put(id, Optional.of(known.map(k -> latest(k, incoming.get())).orElse(incoming.get())));
            }
            store.apply(changes, positions);
            // Only now: a claimer told of a COMPLETED must find it in the ledger.
            intents.forEach(Runnable::run);
        }
        read.increment(records.size());
    }

    /** Expiry's removal: only ids still completed and requested before the cutoff (nothing newer arrived since). */
    private void removeExpired(final List<String> ids, final Instant cutoff) {
        synchronized (merging) {
            store.remove(ids.stream().filter(id -> store.get(id).filter(e -> e instanceof LedgerEntry.Completed done
                    && done.requestedAt().isBefore(cutoff)).isPresent()).toList());
        }
    }

    private void merge(final String id, final LedgerEntry incoming) {
        synchronized (merging) {
            store.put(id, store.get(id).map(known -> latest(known, incoming)).orElse(incoming));
        }
    }

    /**
     * A COMPLETED entry is final: an older STARTED read later (catch-up re-reading this process's own writes) must
     * not reopen it. Between two STARTED entries the first start time is kept, since lookups search from there.
     */
    private static LedgerEntry latest(final LedgerEntry known, final LedgerEntry incoming) {
        return switch (incoming) {
            case LedgerEntry.Completed completed -> completed;
            case LedgerEntry.Started started -> switch (known) {
                case LedgerEntry.Completed completed -> completed;
                // The latest candidate named is the one that may have been bought.
                case LedgerEntry.Started earlier -> new LedgerEntry.Started(
                        Math.max(earlier.attempt(), started.attempt()),
                        earlier.since().isBefore(started.since()) ? earlier.since() : started.since(),
                        started.candidate() != null ? started.candidate() : earlier.candidate());
            };
        };
    }

    private static byte[] key(final String requestId) {
        return requestId.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads this process's own last writes (bounded by {@link #FINAL_READ}) before closing, so the checkpoint covers
     * them and the next start reads only what others wrote meanwhile. Runs on the poll thread, which owns the reader.
     */
    @Override
    public void close() {
        expiry.close();
        final long deadline = System.nanoTime() + FINAL_READ.toNanos();
        try {
            catchUp(() -> System.nanoTime() > deadline);
        } catch (RuntimeException e) {
            LOG.warn("could not read the intents topic once more before closing ({}); the next start reads from the"
                    + " last checkpoint", e.toString());
        }
        tombstones.close(Duration.ofSeconds(5));
        reader.close();
        store.close();
    }
}
