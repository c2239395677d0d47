package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class RocksDbLedgerStoreTest {

    private static final String TOPIC = "numbers.intents";
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    private final List<String> wiped = new ArrayList<>();

    private RocksDbLedgerStore open(final String topicId) {
        return RocksDbLedgerStore.open(dir, TOPIC, topicId, wiped::add);
    }

    private static LedgerEntry.Completed completed(final Instant requestedAt, final long offset) {
        return new LedgerEntry.Completed(1, Optional.of(new RecordRef("numbers.requests", 2, 40)),
                new LedgerEntry.StoredResult.InTopic(3, offset), requestedAt);
    }

    @Test
    void entriesAndCheckpointSurviveAReopen() {
        try (var store = open("id-1")) {
            assertThat(store.positions()).isEmpty();
            store.apply(Map.of("a", Optional.of(completed(T0, 7)),
                    "b", Optional.of(new LedgerEntry.Started(2, T0))), Map.of(0, 120L, 3, 8L));
            store.put("c", new LedgerEntry.Started(1, T0.plusSeconds(1)));
        }
        try (var store = open("id-1")) {
            assertThat(store.get("a")).contains(completed(T0, 7));
            assertThat(store.get("b")).contains(new LedgerEntry.Started(2, T0));
            assertThat(store.get("c")).contains(new LedgerEntry.Started(1, T0.plusSeconds(1)));
            assertThat(store.get("unknown")).isEmpty();
            assertThat(store.positions()).isEqualTo(Map.of(0, 120L, 3, 8L));
        }
        assertThat(wiped).isEmpty();
    }

    @Test
    void aTombstoneRemovesTheEntryAndTheCheckpointMovesWithIt() {
        try (var store = open("id-1")) {
            store.apply(Map.of("a", Optional.of(completed(T0, 7))), Map.of(0, 10L));
            final var tombstone = new HashMap<String, Optional<LedgerEntry>>();
            tombstone.put("a", Optional.empty());
            store.apply(tombstone, Map.of(0, 11L));
            assertThat(store.get("a")).isEmpty();
            assertThat(store.positions()).isEqualTo(Map.of(0, 11L));
            assertThat(store.completedBefore(T0.plusSeconds(60), 10)).isEmpty();
        }
    }

    @Test
    void completedBeforeListsOnlyCompletedEntriesRequestedBeforeTheCutoffOldestFirst() {
        try (var store = open("id-1")) {
            store.put("new", completed(T0.plusSeconds(3600), 1));
            store.put("old", completed(T0.minusSeconds(10), 2));
            store.put("older", completed(T0.minusSeconds(20), 3));
            store.put("undecided", new LedgerEntry.Started(1, T0.minusSeconds(999)));
            assertThat(store.completedBefore(T0, 10)).containsExactly("older", "old");
            assertThat(store.completedBefore(T0, 1)).containsExactly("older");
            store.remove(List.of("older"));
            assertThat(store.get("older")).isEmpty();
            assertThat(store.completedBefore(T0, 10)).containsExactly("old");
            assertThat(store.get("undecided")).isPresent();
        }
    }

    @Test
    void aCorruptStoreIsWipedAndStartsEmpty() throws IOException {
        try (var store = open("id-1")) {
            store.apply(Map.of("a", Optional.of(completed(T0, 7))), Map.of(0, 10L));
        }
        final var storeDir = dir.resolve("ledger-" + TOPIC);
        try (var files = Files.list(storeDir)) {
            for (final var file : files.filter(f -> f.getFileName().toString().startsWith("MANIFEST")
                    || f.getFileName().toString().equals("CURRENT")).toList()) {
                Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
        }
        try (var store = open("id-1")) {
            assertThat(wiped).containsExactly("unreadable");
            assertThat(store.get("a")).isEmpty();
            assertThat(store.positions()).isEmpty();
            store.apply(Map.of("b", Optional.of(completed(T0, 8))), Map.of(0, 1L));
            assertThat(store.get("b")).isPresent();
        }
    }

    @Test
    void aStoreOfAnotherIncarnationOfTheTopicIsWiped() {
        try (var store = open("id-1")) {
            store.apply(Map.of("a", Optional.of(completed(T0, 7))), Map.of(0, 10L));
        }
        try (var store = open("id-2")) {
            assertThat(wiped).containsExactly("topic-recreated");
            assertThat(store.get("a")).isEmpty();
            assertThat(store.positions()).isEmpty();
        }
        try (var store = open("id-2")) {
            assertThat(wiped).hasSize(1);
        }
    }

    @Test
    void aRocksDbWrittenBySomethingElseIsWiped() throws Exception {
        final var storeDir = Files.createDirectories(dir.resolve("ledger-" + TOPIC));
        try (var options = new Options().setCreateIfMissing(true);
             var other = RocksDB.open(options, storeDir.toString())) {
            other.put("a".getBytes(), "someone else's value".getBytes());
        }
        try (var store = open("id-1")) {
            assertThat(wiped).containsExactly("foreign");
            assertThat(store.get("a")).isEmpty();
            store.put("a", completed(T0, 1));
        }
        try (var store = open("id-1")) {
            assertThat(store.get("a")).contains(completed(T0, 1));
            assertThat(wiped).hasSize(1);
        }
    }

    @Test
    void wipeKeepsTheTopicIdentityAndEmptiesTheStore() {
        try (var store = open("id-1")) {
            store.apply(Map.of("a", Optional.of(completed(T0, 7))), Map.of(0, 10L));
            try (var fresh = store.wipe()) {
                assertThat(fresh.get("a")).isEmpty();
                assertThat(fresh.positions()).isEmpty();
            }
        }
        try (var store = open("id-1")) {
            assertThat(wiped).isEmpty();
        }
    }

    @Test
    void aStoreInUseByAnotherOpenerIsRefusedNotWiped() {
        try (var store = open("id-1")) {
            store.apply(Map.of("a", Optional.of(completed(T0, 7))), Map.of(0, 10L));
            assertThatThrownBy(() -> open("id-1")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another process");
            assertThat(store.get("a")).isPresent();
        }
        assertThat(wiped).isEmpty();
    }

    @Test
    void anUnreadableValueCountsAsPossiblyStarted() {
        assertThatThrownBy(() -> LedgerEntryCodec.decode(new byte[] {2, 0, 0})).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerEntryCodec.decode(new byte[] {9})).isInstanceOf(
                IllegalArgumentException.class);
        final var noSource = new LedgerEntry.Completed(4, Optional.empty(),
                new LedgerEntry.StoredResult.InTopic(0, 99), T0);
        assertThat(LedgerEntryCodec.decode(LedgerEntryCodec.encode(noSource))).isEqualTo(noSource);
    }
}
