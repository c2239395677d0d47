package dev.numbers.connector.ledger;

import static dev.numbers.connector.ledger.RocksDbColumns.bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries on disk in RocksDB (the embedded store Kafka Streams uses), so heap does not grow with history.
 *
 * <p>Three column families ({@link RocksDbColumns}): entries by request_id; an index of completed entries by
 * requested_at (expiry reads it oldest first instead of scanning everything; a key whose entry changed since is
 * dropped when met); and meta: the format, the intents topic's name and id, and per partition the offset the store is
 * complete up to. A read of the topic is written in one {@link WriteBatch} with its positions, so after a crash the
 * checkpoint never claims records the store lost: RocksDB recovers a prefix of its batches.
 *
 * <p>A store that cannot be opened (corrupt), was written by something else, or belongs to another incarnation of the
 * topic (deleted and created again: another topic id, or offsets behind the checkpoint) is wiped and restored from
 * the topic, which holds everything; only a store locked by a running process is refused.
 *
 * <p>About 250 lines, knowingly: every method acts on the three column families within one open handle's life; what
 * does not (the column set-up, the entry encoding) is already in {@link RocksDbColumns} and {@link LedgerEntryCodec}.
 */
final class RocksDbLedgerStore implements LedgerStore {

    private static final Logger LOG = LoggerFactory.getLogger(RocksDbLedgerStore.class);
    private static final String FORMAT = "numbers-connector-ledger/1";
    private static final byte[] FORMAT_KEY = bytes("format");
    private static final byte[] TOPIC_KEY = bytes("topic");
    private static final String POSITION = "position/";

    private final RocksDbColumns columns;

    private RocksDbLedgerStore(final RocksDbColumns columns) {
        this.columns = columns;
    }

    /**
     * Opens (or creates) the store for the intents topic {@code topic} whose id is {@code topicId} under
     * {@code stateDir}; {@code wiped} is told why a store was thrown away.
     */
    static RocksDbLedgerStore open(final Path stateDir, final String topic, final String topicId,
                                   final Consumer<String> wiped) {
        final var dir = stateDir.resolve("ledger-" + topic.replaceAll("[^A-Za-z0-9._-]", "_"));
        final var identity = topic + "/" + topicId;
        RocksDbLedgerStore store;
        try {
            store = new RocksDbLedgerStore(RocksDbColumns.open(dir));
        } catch (RocksDBException e) {
            if (RocksDbColumns.locked(e)) {
                throw new IllegalStateException("the ledger store " + dir + " is in use by another process;"
                        + " every instance needs its own connector.ledger.state-dir", e);
            }
            wiped.accept("unreadable");
            LOG.warn("the ledger store {} cannot be opened ({}); wiping it and restoring from {}", dir,
                    e.getMessage(), topic);
            store = new RocksDbLedgerStore(RocksDbColumns.openEmpty(dir));
        }
        final var format = store.metaString(FORMAT_KEY);
        final var known = store.metaString(TOPIC_KEY);
        if (format.isEmpty() && known.isEmpty() && store.isEmpty()) {
            store.writeIdentity(identity);
        } else if (!format.equals(Optional.of(FORMAT)) || !known.equals(Optional.of(identity))) {
            final var reason = !format.equals(Optional.of(FORMAT)) ? "foreign" : "topic-recreated";
            wiped.accept(reason);
            LOG.warn("the ledger store {} holds {} (format {}), not {}; wiping it and restoring from the topic", dir,
                    known.orElse("nothing known"), format.orElse("unknown"), identity);
            store.close();
            store = new RocksDbLedgerStore(RocksDbColumns.openEmpty(dir));
            store.writeIdentity(identity);
        }
        return store;
    }

    /** Throws the store away and starts empty, e.g. when the topic's offsets are behind the checkpoint. */
    RocksDbLedgerStore wipe() {
        final var identity = metaString(TOPIC_KEY).orElseThrow();
        close();
        final var store = new RocksDbLedgerStore(RocksDbColumns.openEmpty(columns.dir));
        store.writeIdentity(identity);
        return store;
    }

    @Override
    public Optional<LedgerEntry> get(final String requestId) {
        final byte[] value;
        try {
            value = columns.db.get(columns.entries, bytes(requestId));
        } catch (RocksDBException e) {
            throw columns.failure("read", e);
        }
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LedgerEntryCodec.decode(value));
        } catch (IllegalArgumentException unreadable) {
            // A damaged value must not let the request run as new: "may have run" costs a lookup, never a purchase.
            LOG.error("ledger entry of request {} is unreadable ({}); treating it as possibly started", requestId,
                    unreadable.getMessage());
            return Optional.of(new LedgerEntry.Started(0, Instant.EPOCH));
        }
    }

    @Override
    public void put(final String requestId, final LedgerEntry entry) {
        try (var batch = new WriteBatch()) {
            write(batch, requestId, Optional.of(entry));
            columns.write(batch);
        } catch (RocksDBException e) {
            throw columns.failure("write", e);
        }
    }

    @Override
    public void apply(final Map<String, Optional<LedgerEntry>> changes, final Map<Integer, Long> positions) {
        try (var batch = new WriteBatch()) {
            for (final var change : changes.entrySet()) {
                write(batch, change.getKey(), change.getValue());
            }
            for (final var position : positions.entrySet()) {
                batch.put(columns.meta, bytes(POSITION + position.getKey()),
                        ByteBuffer.allocate(8).putLong(position.getValue()).array());
            }
            columns.write(batch);
        } catch (RocksDBException e) {
            throw columns.failure("write", e);
        }
    }

    private void write(final WriteBatch batch, final String requestId, final Optional<LedgerEntry> entry)
            throws RocksDBException {
        final var key = bytes(requestId);
        if (entry.isEmpty()) {
            batch.delete(columns.entries, key);
            return;
        }
        batch.put(columns.entries, key, LedgerEntryCodec.encode(entry.get()));
        if (entry.get() instanceof LedgerEntry.Completed done) {
            batch.put(columns.byTime, LedgerEntryCodec.timeKey(done.requestedAt(), key), new byte[0]);
        }
    }

    @Override
    public Map<Integer, Long> positions() {
        final var positions = new HashMap<Integer, Long>();
        final var prefix = bytes(POSITION);
        try (var it = columns.db.newIterator(columns.meta)) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                final var name = new String(it.key(), StandardCharsets.UTF_8);
                positions.put(Integer.parseInt(name.substring(POSITION.length())), ByteBuffer.wrap(it.value())
                        .getLong());
            }
        }
        return positions;
    }

    @Override
    public List<String> completedBefore(final Instant before, final int limit) {
        final var found = new ArrayList<String>();
        try (var it = columns.db.newIterator(columns.byTime); var stale = new WriteBatch()) {
            for (it.seekToFirst(); it.isValid() && found.size() < limit; it.next()) {
                final var at = LedgerEntryCodec.timeOf(it.key());
                if (!at.isBefore(before)) {
                    break;
                }
                final var id = new String(LedgerEntryCodec.idOf(it.key()), StandardCharsets.UTF_8);
                if (get(id).filter(e -> e instanceof LedgerEntry.Completed done && done.requestedAt().equals(at))
                        .isPresent()) {
                    found.add(id);
                } else {
                    stale.delete(columns.byTime, it.key());
                }
            }
            columns.write(stale);
        } catch (RocksDBException e) {
            throw columns.failure("read", e);
        }
        return found;
    }

    @Override
    public void remove(final List<String> requestIds) {
        try (var batch = new WriteBatch()) {
            for (final var id : requestIds) {
                final var key = bytes(id);
                final var entry = get(id);
                if (entry.isPresent() && entry.get() instanceof LedgerEntry.Completed done) {
                    batch.delete(columns.byTime, LedgerEntryCodec.timeKey(done.requestedAt(), key));
                }
                batch.delete(columns.entries, key);
            }
            columns.write(batch);
        } catch (RocksDBException e) {
            throw columns.failure("write", e);
        }
    }

    @Override
    public long size() {
        try {
            return columns.db.getLongProperty(columns.entries, "rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        columns.close();
    }

    private boolean isEmpty() {
        try (var it = columns.db.newIterator(columns.entries)) {
            it.seekToFirst();
            return !it.isValid() && positions().isEmpty();
        }
    }

    private Optional<String> metaString(final byte[] key) {
        try {
            return Optional.ofNullable(columns.db.get(columns.meta, key)).map(v -> new String(v,
                    StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw columns.failure("read", e);
        }
    }

    private void writeIdentity(final String identity) {
        try (var batch = new WriteBatch()) {
            batch.put(columns.meta, FORMAT_KEY, bytes(FORMAT));
            batch.put(columns.meta, TOPIC_KEY, bytes(identity));
            columns.write(batch);
        } catch (RocksDBException e) {
            throw columns.failure("write", e);
        }
    }

    private static boolean startsWith(final byte[] key, final byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
