package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerMirrorTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final LedgerEntry.Completed DONE = new LedgerEntry.Completed(1, Optional.empty(),
            new LedgerEntry.StoredResult.InTopic(0, 7), T0);

    private final InMemoryLedgerStore store = new InMemoryLedgerStore();
    private final LedgerMirror mirror = new LedgerMirror(store, new IntentEntries((topic, bytes) -> null));

    @Test
    void aStartedReadAfterItsCompletedNeverReopensTheRequest() {
        mirror.merge("r-1", DONE);
        mirror.merge("r-1", new LedgerEntry.Started(2, T0.plusSeconds(5), "+12025550123"));

        assertThat(mirror.get("r-1")).contains(DONE);
    }

    @Test
    void twoStartsKeepTheFirstStartTimeAndTheLatestCandidate() {
        mirror.merge("r-1", new LedgerEntry.Started(1, T0, "+12025550100"));
        mirror.merge("r-1", new LedgerEntry.Started(2, T0.plusSeconds(60), "+12025550123"));
        mirror.merge("r-1", new LedgerEntry.Started(1, T0.plusSeconds(90), null));

        // Lookups search from the first start; the latest candidate named is the one that may have been bought.
        assertThat(mirror.get("r-1")).contains(new LedgerEntry.Started(2, T0, "+12025550123"));
    }

    @Test
    void expiryRemovesOnlyEntriesStillCompletedBeforeTheCutoff() {
        mirror.merge("old", DONE);
        mirror.merge("new", new LedgerEntry.Completed(1, Optional.empty(), new LedgerEntry.StoredResult.InTopic(0, 8),
                T0.plusSeconds(3600)));
        mirror.merge("running", new LedgerEntry.Started(1, T0));

        mirror.removeExpired(List.of("old", "new", "running"), T0.plusSeconds(60));

        assertThat(mirror.get("old")).isEmpty();
        assertThat(mirror.get("new")).isPresent();
        assertThat(mirror.get("running")).isPresent();
    }
}
