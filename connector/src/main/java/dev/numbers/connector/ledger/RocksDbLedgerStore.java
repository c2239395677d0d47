package dev.numbers.connector.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries on disk in RocksDB (the embedded store Kafka Streams uses), so heap does not grow with history.
 *
 * <p>Three column families: entries by request_id; an index of completed entries by requested_at (expiry reads it
 * oldest first instead of scanning everything; a key whose entry changed since is dropped when met); and meta: the
 * format, the intents topic's name and id, and per partition the offset the store is complete up to. A read of the
 * topic is written in one {@link WriteBatch} with its positions, so after a crash the checkpoint never claims
 * records the store lost: RocksDB recovers a prefix of its batches.
 *
 * <p>A store that cannot be opened (corrupt), was written by something else, or belongs to another incarnation of the
 * topic (deleted and created again: another topic id, or offsets behind the checkpoint) is wiped and restored from
 * the topic, which holds everything; only a store locked by a running process is refused.
 *
 * <p>Over 300 lines, knowingly: opening with its checks (format, topic id, positions, wipe), the batch writes and the
 * expiry index all touch the same column families and handles; splitting them would pass those handles around.
 */
final class RocksDbLedgerStore implements LedgerStore {

    private static final Logger LOG = LoggerFactory.getLogger(RocksDbLedgerStore.class);
    private static final String FORMAT = "numbers-connector-ledger/1";
    private static final byte[] FORMAT_KEY = bytes("format");
    private static final byte[] TOPIC_KEY = bytes("topic");
    private static final String POSITION = "position/";
    private static final long CACHE_BYTES = 32L << 20;
    private static final long WRITE_BUFFER_BYTES = 16L << 20;

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final RocksDB db;
    private final List<AutoCloseable> resources;
    private final ColumnFamilyHandle entries;
    private final ColumnFamilyHandle byTime;
    private final ColumnFamilyHandle meta;
    private final WriteOptions writeOptions = new WriteOptions();

    private RocksDbLedgerStore(final Path dir, final RocksDB db, final List<ColumnFamilyHandle> handles,
                               final List<AutoCloseable> resources) {
        this.dir = dir;
        this.db = db;
        this.entries = handles.get(0);
        this.byTime = handles.get(1);
        this.meta = handles.get(2);
        this.resources = resources;
    }

    /**
     * Opens (or creates) the store for the intents topic {@code topic} whose id is {@code topicId} under
     * {@code stateDir}; {@code wipe} is told why a store was thrown away.
     */
    static RocksDbLedgerStore open(final Path stateDir, final String topic, final String topicId,
                                   final Consumer<String> wiped) {
        final var dir = stateDir.resolve("ledger-" + topic.replaceAll("[^A-Za-z0-9._-]", "_"));
        final var identity = topic + "/" + topicId;
        RocksDbLedgerStore store;
        try {
            store = openDir(dir);
        } catch (RocksDBException e) {
            if (locked(e)) {
                throw new IllegalStateException("the ledger store " + dir + " is in use by another process;"
                        + " every instance needs its own connector.ledger.state-dir", e);
            }
            wiped.accept("unreadable");
            LOG.warn("the ledger store {} cannot be opened ({}); wiping it and restoring from {}", dir,
                    e.getMessage(), topic);
            store = reopenEmpty(dir);
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
            store = reopenEmpty(dir);
            store.writeIdentity(identity);
        }
        return store;
    }

    /** Throws the store away and starts empty, e.g. when the topic's offsets are behind the checkpoint. */
    RocksDbLedgerStore wipe() {
        final var identity = metaString(TOPIC_KEY).orElseThrow();
        close();
        final var store = reopenEmpty(dir);
        store.writeIdentity(identity);
        return store;
    }

    private static RocksDbLedgerStore reopenEmpty(final Path dir) {
        deleteRecursively(dir);
        try {
            return openDir(dir);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot create the ledger store " + dir + ": " + e.getMessage(), e);
        }
    }

    private static RocksDbLedgerStore openDir(final Path dir) throws RocksDBException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the ledger state directory " + dir, e);
        }
        final var resources = new ArrayList<AutoCloseable>();
        final var cache = new LRUCache(CACHE_BYTES);
        final var filter = new BloomFilter(10);
        final var table = new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter);
        final var columns = new ColumnFamilyOptions().setTableFormatConfig(table)
                .setCompressionType(CompressionType.LZ4_COMPRESSION).setWriteBufferSize(WRITE_BUFFER_BYTES);
        final var options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setMaxOpenFiles(256).setKeepLogFileNum(2);
        resources.addAll(List.of(options, columns, filter, cache));
        final var descriptors = List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columns),
                new ColumnFamilyDescriptor(bytes("by-requested-at"), columns),
                new ColumnFamilyDescriptor(bytes("meta"), columns));
        final var handles = new ArrayList<ColumnFamilyHandle>();
        try {
            final var db = RocksDB.open(options, dir.toString(), descriptors, handles);
            return new RocksDbLedgerStore(dir, db, handles, resources);
        } catch (RocksDBException e) {
            resources.forEach(RocksDbLedgerStore::closeQuietly);
            throw e;
        }
    }

    @Override
    public Optional<LedgerEntry> get(final String requestId) {
        final byte[] value;
        try {
            value = db.get(entries, bytes(requestId));
        } catch (RocksDBException e) {
            throw failure("read", e);
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
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    @Override
    public void apply(final Map<String, Optional<LedgerEntry>> changes, final Map<Integer, Long> positions) {
        try (var batch = new WriteBatch()) {
            for (final var change : changes.entrySet()) {
                write(batch, change.getKey(), change.getValue());
            }
            for (final var position : positions.entrySet()) {
                batch.put(meta, bytes(POSITION + position.getKey()),
                        ByteBuffer.allocate(8).putLong(position.getValue()).array());
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    private void write(final WriteBatch batch, final String requestId, final Optional<LedgerEntry> entry)
            throws RocksDBException {
        final var key = bytes(requestId);
        if (entry.isEmpty()) {
            batch.delete(entries, key);
            return;
        }
        batch.put(entries, key, LedgerEntryCodec.encode(entry.get()));
        if (entry.get() instanceof LedgerEntry.Completed done) {
            batch.put(byTime, LedgerEntryCodec.timeKey(done.requestedAt(), key), new byte[0]);
        }
    }

    @Override
    public Map<Integer, Long> positions() {
        final var positions = new HashMap<Integer, Long>();
        final var prefix = bytes(POSITION);
        try (var it = db.newIterator(meta)) {
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
        try (var it = db.newIterator(byTime); var stale = new WriteBatch()) {
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
                    stale.delete(byTime, it.key());
                }
            }
            db.write(writeOptions, stale);
        } catch (RocksDBException e) {
            throw failure("read", e);
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
                    batch.delete(byTime, LedgerEntryCodec.timeKey(done.requestedAt(), key));
                }
                batch.delete(entries, key);
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    @Override
    public long size() {
        try {
            return db.getLongProperty(entries, "rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        writeOptions.close();
        List.of(entries, byTime, meta).forEach(ColumnFamilyHandle::close);
        db.close();
        resources.forEach(RocksDbLedgerStore::closeQuietly);
    }

    private boolean isEmpty() {
        try (var it = db.newIterator(entries)) {
            it.seekToFirst();
            return !it.isValid() && positions().isEmpty();
        }
    }

    private Optional<String> metaString(final byte[] key) {
        try {
            return Optional.ofNullable(db.get(meta, key)).map(v -> new String(v, StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
    }

    private void writeIdentity(final String identity) {
        try (var batch = new WriteBatch()) {
            batch.put(meta, FORMAT_KEY, bytes(FORMAT));
            batch.put(meta, TOPIC_KEY, bytes(identity));
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    private IllegalStateException failure(final String what, final RocksDBException e) {
        return new IllegalStateException("cannot " + what + " the ledger store " + dir + ": " + e.getMessage(), e);
    }

    private static boolean locked(final RocksDBException e) {
        final var message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        // "While lock file: .../LOCK: Resource temporarily unavailable" (another process) or "lock hold by current
        // process" (this one); other failures (corruption) are answered by wiping.
        return message.contains("while lock file") || message.contains("lock hold by current process");
    }

    private static boolean startsWith(final byte[] key, final byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0,
                prefix.length);
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(final Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (final var path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe the ledger store " + dir, e);
        }
    }

    private static void closeQuietly(final AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception ignored) {
            // Native handles at shutdown; nothing left to do with a failure here.
        }
    }
}
