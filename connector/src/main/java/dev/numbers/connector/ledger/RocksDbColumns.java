package dev.numbers.connector.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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

/**
 * One open RocksDB directory of the ledger with its three column families: {@code entries} by request_id,
 * {@code byTime} (completed entries by requested_at, for expiry) and {@code meta} (format, topic identity,
 * positions); the options, cache and native handles that go with them, and wiping the directory. What is stored in
 * them, and when a store is wiped, is {@link RocksDbLedgerStore}'s business.
 */
final class RocksDbColumns implements AutoCloseable {

    private static final long CACHE_BYTES = 32L << 20;
    private static final long WRITE_BUFFER_BYTES = 16L << 20;

    static {
        RocksDB.loadLibrary();
    }

    final Path dir;
    final RocksDB db;
    final ColumnFamilyHandle entries;
    final ColumnFamilyHandle byTime;
    final ColumnFamilyHandle meta;
    private final List<AutoCloseable> resources;
    private final WriteOptions writeOptions = new WriteOptions();

    private RocksDbColumns(final Path dir, final RocksDB db, final List<ColumnFamilyHandle> handles,
                           final List<AutoCloseable> resources) {
        this.dir = dir;
        this.db = db;
        this.entries = handles.get(0);
        this.byTime = handles.get(1);
        this.meta = handles.get(2);
        this.resources = resources;
    }

    /** Opens (or creates) the store in {@code dir}; throws what RocksDB said when it cannot (corrupt, locked). */
    static RocksDbColumns open(final Path dir) throws RocksDBException {
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
            return new RocksDbColumns(dir, db, handles, resources);
        } catch (RocksDBException e) {
            resources.forEach(RocksDbColumns::closeQuietly);
            throw e;
        }
    }

    /** Deletes whatever is in {@code dir} and opens it empty. */
    static RocksDbColumns openEmpty(final Path dir) {
        deleteRecursively(dir);
        try {
            return open(dir);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot create the ledger store " + dir + ": " + e.getMessage(), e);
        }
    }

    /** True when RocksDB refused the directory because a process (another one, or this one) holds its lock. */
    static boolean locked(final RocksDBException e) {
        final var message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        // "While lock file: .../LOCK: Resource temporarily unavailable" (another process) or "lock hold by current
        // process" (this one); other failures (corruption) are answered by wiping.
        return message.contains("while lock file") || message.contains("lock hold by current process");
    }

    /** Writes the batch; several column families change together or not at all. */
    void write(final WriteBatch batch) {
        try {
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    IllegalStateException failure(final String what, final RocksDBException e) {
        return new IllegalStateException("cannot " + what + " the ledger store " + dir + ": " + e.getMessage(), e);
    }

    static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        writeOptions.close();
        List.of(entries, byTime, meta).forEach(ColumnFamilyHandle::close);
        db.close();
        resources.forEach(RocksDbColumns::closeQuietly);
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
