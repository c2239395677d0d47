package dev.numbers.connector.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A store that no thread can touch once it is closed. A native store (RocksDB) freed under a thread still reading it
 * kills the JVM (SIGSEGV) instead of failing one call; so every access holds a shared lock, {@link #close} waits for
 * the accesses under way, and an access after close throws {@link ClosedStoreException} instead of reaching the
 * freed handle. The shutdown order (threads stopped and joined before the store closes) should make that exception
 * rare; this is what keeps a late thread (a scrape, a thread that did not stop in time) from crashing the process.
 */
final class ClosedGuardStore implements LedgerStore {

    /** An access to a store after it was closed: the caller's work ends with this, the process does not. */
    static final class ClosedStoreException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ClosedStoreException() {
            super("the ledger store is closed (the connector is stopping)");
        }
    }

    private final LedgerStore store;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    ClosedGuardStore(final LedgerStore store) {
        this.store = store;
    }

    @Override
    public Optional<LedgerEntry> get(final String requestId) {
        return guarded(() -> store.get(requestId));
    }

    @Override
    public void put(final String requestId, final LedgerEntry entry) {
        guarded(() -> {
            store.put(requestId, entry);
            return null;
        });
    }

    @Override
    public void apply(final Map<String, Optional<LedgerEntry>> changes, final Map<Integer, Long> positions) {
        guarded(() -> {
            store.apply(changes, positions);
            return null;
        });
    }

    @Override
    public Map<Integer, Long> positions() {
        return guarded(store::positions);
    }

    @Override
    public List<String> completedBefore(final Instant before, final int limit) {
        return guarded(() -> store.completedBefore(before, limit));
    }

    @Override
    public void remove(final List<String> requestIds) {
        guarded(() -> {
            store.remove(requestIds);
            return null;
        });
    }

    @Override
    public long size() {
        return guarded(store::size);
    }

    /** Waits for the accesses under way, then closes the store; later accesses throw. Closing twice is harmless. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                store.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T guarded(final Supplier<T> access) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new ClosedStoreException();
            }
            return access.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
