package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClosedGuardStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void everyAccessToAClosedRocksDbStoreFailsWithAnExceptionInsteadOfCrashingTheJvm() {
        final var store = new ClosedGuardStore(RocksDbLedgerStore.open(dir, "numbers.intents", "id-1", why -> { }));
        store.put("a", new LedgerEntry.Started(1, T0));
        assertThat(store.get("a")).contains(new LedgerEntry.Started(1, T0));
        store.close();

        // Each of these reached the freed native handle before: the tail's get, the scrape's size, the expiry's scan.
        assertThatThrownBy(() -> store.get("a")).isInstanceOf(ClosedGuardStore.ClosedStoreException.class);
        assertThatThrownBy(store::size).isInstanceOf(ClosedGuardStore.ClosedStoreException.class);
        assertThatThrownBy(() -> store.completedBefore(T0, 10))
                .isInstanceOf(ClosedGuardStore.ClosedStoreException.class);
        assertThatThrownBy(() -> store.put("b", new LedgerEntry.Started(1, T0)))
                .isInstanceOf(ClosedGuardStore.ClosedStoreException.class);
        assertThatThrownBy(() -> store.apply(Map.of("b", Optional.empty()), Map.of(0, 1L)))
                .isInstanceOf(ClosedGuardStore.ClosedStoreException.class);
        assertThatThrownBy(() -> store.remove(List.of("a"))).isInstanceOf(ClosedGuardStore.ClosedStoreException.class);
        assertThatThrownBy(store::positions).isInstanceOf(ClosedGuardStore.ClosedStoreException.class);
        store.close();
    }

    @Test
    void closeWaitsForAnAccessUnderWayBeforeClosingTheStore() throws Exception {
        final var inner = new SlowReadStore();
        final var store = new ClosedGuardStore(inner);
        final var read = CompletableFuture.supplyAsync(() -> store.get("a"));
        assertThat(inner.reading.await(5, TimeUnit.SECONDS)).isTrue();
        final var closer = Thread.ofPlatform().start(store::close);
        await().atMost(Duration.ofSeconds(5)).until(() -> closer.getState() == Thread.State.WAITING
                || closer.getState() == Thread.State.TERMINATED);

        inner.release.countDown();
        closer.join(Duration.ofSeconds(5));
        assertThat(read.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(inner.closedUnderARead).isFalse();
    }

    /** A store whose reads wait to be released, and which notes whether it was closed while one ran. */
    private static final class SlowReadStore implements LedgerStore {
        private final CountDownLatch reading = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile boolean readRunning;
        private volatile boolean closedUnderARead;

        @Override
        public Optional<LedgerEntry> get(final String requestId) {
            readRunning = true;
            reading.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            readRunning = false;
            return Optional.empty();
        }

        @Override
        public void put(final String requestId, final LedgerEntry entry) {
        }

        @Override
        public void apply(final Map<String, Optional<LedgerEntry>> changes, final Map<Integer, Long> positions) {
        }

        @Override
        public Map<Integer, Long> positions() {
            return Map.of();
        }

        @Override
        public List<String> completedBefore(final Instant before, final int limit) {
            return List.of();
        }

        @Override
        public void remove(final List<String> requestIds) {
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public void close() {
            closedUnderARead = readRunning;
        }
    }
}
