package dev.numbers.connector.ledger;

import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The store as the intents topic and this process's own writes fill it: every change merges the incoming entry with
 * the known one ({@link #latest}) under one lock, because the poll thread (catch-up, advance), the tail and the
 * request threads (claims, commits) all read and then write. Intents read from the topic are shown to the observer
 * (the claim board) only once their entry is in the store.
 */
final class LedgerMirror {

    private final LedgerStore store;
    private final IntentEntries entries;
    /**
     * Merging an intent with the stored entry reads and then writes; several threads do it. A lock rather than a
     * monitor: when a claim cycle commits, every request of it merges its claim at once, and on a contended monitor
     * each of those virtual threads spun (about 7 % of the connector's CPU samples in the backlog) where this lock
     * parks them.
     */
    private final ReentrantLock merging = new ReentrantLock();
    private volatile IntentObserver observer = IntentObserver.NONE;

    LedgerMirror(final LedgerStore store, final IntentEntries entries) {
        this.store = store;
        this.entries = entries;
    }

    Optional<LedgerEntry> get(final String requestId) {
        return store.get(requestId);
    }

    void observeWith(final IntentObserver observer) {
        this.observer = observer;
    }

    /** This process's own write (a STARTED acknowledged, a COMPLETED committed). */
    void merge(final String id, final LedgerEntry incoming) {
        merging.lock();
        try {
            store.put(id, store.get(id).map(known -> latest(known, incoming)).orElse(incoming));
        } finally {
            merging.unlock();
        }
    }

    /**
     * A claim of this process became visible at {@code at}: merged and shown to the observer, unless a COMPLETED of
     * the id was read meanwhile. Under the lock, so a COMPLETED the tail reads at the same time is either seen here
     * or ends the claim on the board after this.
     */
    void claimed(final String requestId, final LedgerEntry.Started entry, final IntentPosition at,
                 final Intent intent) {
        merging.lock();
        try {
            final var known = store.get(requestId);
            if (known.filter(LedgerEntry.Completed.class::isInstance).isPresent()) {
                return;
            }
            store.put(requestId, known.map(k -> latest(k, entry)).orElse(entry));
            observer.observed(requestId, at, intent);
        } finally {
            merging.unlock();
        }
    }

    /**
     * One record read by the tail: merged without moving the checkpoint, then shown to the observer. Throws {@link
     * RegistryUnavailableException}, with nothing changed, when the record cannot be decoded for now.
     */
    void observe(final ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        final var id = new String(record.key(), StandardCharsets.UTF_8);
        final var read = entries.read(id, record);
        merging.lock();
        try {
            if (read.entry().isPresent()) {
                final var incoming = read.entry().get();
                store.put(id, store.get(id).map(known -> latest(known, incoming)).orElse(incoming));
            } else {
                store.remove(List.of(id));
            }
        } finally {
            merging.unlock();
        }
        if (read.intent() != null) {
            observer.observed(id, new IntentPosition(record.partition(), record.offset()), read.intent());
        }
    }

    /**
     * One poll's records, merged in order, then handed to the store with where the read stands. A record that cannot
     * be decoded while the schema registry is away holds its partition: nothing of it from there on is applied, the
     * checkpoint stays before it, and the answer says where the caller must read that partition again.
     *
     * @return partition → offset to read again from; empty when every record was applied
     */
    Map<Integer, Long> apply(final List<ConsumerRecord<byte[], byte[]>> records, final Map<Integer, Long> positions) {
        merging.lock();
        try {
            final var changes = new HashMap<String, Optional<LedgerEntry>>();
            final var intents = new ArrayList<Runnable>();
            final var held = new HashMap<Integer, Long>();
            for (final var record : records) {
                if (record.key() == null || held.containsKey(record.partition())) {
                    continue;
                }
                final var id = new String(record.key(), StandardCharsets.UTF_8);
                final IntentEntries.Read decoded;
                try {
                    decoded = entries.read(id, record);
                } catch (RegistryUnavailableException away) {
                    held.put(record.partition(), record.offset());
                    continue;
                }
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
            final var reached = new HashMap<>(positions);
            reached.putAll(held);
            store.apply(changes, reached);
            // Only now: a claimer told of a COMPLETED must find it in the ledger.
            intents.forEach(Runnable::run);
            return held;
        } finally {
            merging.unlock();
        }
    }

    /** Expiry's removal: only ids still completed and requested before the cutoff (nothing newer arrived since). */
    void removeExpired(final List<String> ids, final Instant cutoff) {
        merging.lock();
        try {
            store.remove(ids.stream().filter(id -> store.get(id).filter(e -> e instanceof LedgerEntry.Completed done
                    && done.requestedAt().isBefore(cutoff)).isPresent()).toList());
        } finally {
            merging.unlock();
        }
    }

    /**
     * A COMPLETED entry is final: an older STARTED read later (catch-up re-reading this process's own writes) must
     * not reopen it. Between two STARTED entries the first start time is kept, since lookups search from there.
     */
    static LedgerEntry latest(final LedgerEntry known, final LedgerEntry incoming) {
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
}
