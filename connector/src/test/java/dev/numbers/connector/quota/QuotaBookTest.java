package dev.numbers.connector.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.schemas.avro.QuotaEntry;
import dev.numbers.schemas.avro.QuotaState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaBookTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 29);

    @Test
    void aReservationCountsUntilAnsweredAndAReturnedOneCountsNowhere() {
        final var book = new QuotaBook();
        book.apply(entry("t", "r1", DAY, QuotaState.RESERVED));
        book.apply(entry("t", "r2", DAY, QuotaState.RESERVED));
        assertThat(book.counts("t", DAY)).isEqualTo(new QuotaBook.Counts(2, 2));
        book.apply(entry("t", "r1", DAY, QuotaState.BOUGHT, "+14155550001"));
        book.apply(entry("t", "r2", DAY, QuotaState.RETURNED));
        assertThat(book.counts("t", DAY)).isEqualTo(new QuotaBook.Counts(1, 1));
        assertThat(book.counts("t", DAY.plusDays(1))).isEqualTo(new QuotaBook.Counts(0, 1));
        assertThat(book.openCount()).isZero();
    }

    @Test
    void aReExecutionOfTheSameRequestIsCountedOnce() {
        final var book = new QuotaBook();
        book.apply(entry("t", "r1", DAY, QuotaState.RESERVED));
        book.apply(entry("t", "r1", DAY.plusDays(1), QuotaState.RESERVED));
        assertThat(book.counts("t", DAY)).isEqualTo(new QuotaBook.Counts(1, 1));
        assertThat(book.reservedOn("t", "r1")).contains(DAY);
    }

    @Test
    void aReleaseGivesBackOnlyANumberTheTenantBoughtAndOnlyOnce() {
        final var book = new QuotaBook();
        book.apply(entry("t", "r1", DAY, QuotaState.BOUGHT, "+14155550001"));
        book.apply(entry("other", "r9", DAY, QuotaState.BOUGHT, "+14155550009"));
        book.apply(entry("t", "rel-1", DAY, QuotaState.RELEASED, "+14155550009"));
        assertThat(book.counts("t", DAY)).as("another tenant's number").isEqualTo(new QuotaBook.Counts(1, 1));
        book.apply(entry("t", "rel-2", DAY, QuotaState.RELEASED, "+14155550001"));
        book.apply(entry("t", "rel-3", DAY, QuotaState.RELEASED, "+14155550001"));
        assertThat(book.counts("t", DAY)).as("the day keeps it, the total gives it back once")
                .isEqualTo(new QuotaBook.Counts(1, 0));
    }

    @Test
    void theSamePurchasesBoughtReadTwiceIsCountedOnce() {
        final var book = new QuotaBook();
        book.apply(entry("t", "r1", DAY, QuotaState.RESERVED));
        book.apply(bought("t", "r1", "SIGNALWIRE/main", "+14155550001"));
        // Its transaction published a second time (a commit that timed out, completed by a rebuilt producer).
        book.apply(bought("t", "r1", "SIGNALWIRE/main", "+14155550001"));
        assertThat(book.counts("t", DAY)).isEqualTo(new QuotaBook.Counts(1, 1));
    }

    @Test
    void aReleaseThroughAnotherProviderOrAccountGivesNothingBack() {
        final var book = new QuotaBook();
        book.apply(bought("t", "r1", "SIGNALWIRE/main", "+14155550001"));
        book.apply(released("t", "rel-1", "TELNYX/main", "+14155550001"));
        book.apply(released("t", "rel-2", "SIGNALWIRE/other", "+14155550001"));
        assertThat(book.counts("t", DAY)).isEqualTo(new QuotaBook.Counts(1, 1));
        assertThat(book.holds("t", "SIGNALWIRE/main", "+14155550001")).isTrue();
        assertThat(book.holds("t", "TELNYX/main", "+14155550001")).isFalse();

        book.apply(released("t", "rel-3", "SIGNALWIRE/main", "+14155550001"));
        assertThat(book.counts("t", DAY)).isEqualTo(new QuotaBook.Counts(1, 0));
        assertThat(book.holds("t", "SIGNALWIRE/main", "+14155550001")).isFalse();
    }

    @Test
    void aNumberBoughtBeforeAccountsWereRecordedIsGivenBackThroughAnyAccountOnce() {
        final var book = new QuotaBook();
        book.apply(entry("t", "r1", DAY, QuotaState.BOUGHT, "+14155550001"));
        assertThat(book.holds("t", "TELNYX/main", "+14155550001")).isTrue();
        book.apply(released("t", "rel-1", "TELNYX/main", "+14155550001"));
        book.apply(released("t", "rel-2", "SIGNALWIRE/main", "+14155550001"));
        assertThat(book.counts("t", DAY)).isEqualTo(new QuotaBook.Counts(1, 0));
    }

    private static QuotaEntry bought(final String tenant, final String requestId, final String account,
                                     final String number) {
        final var entry = entry(tenant, requestId, DAY, QuotaState.BOUGHT, number);
        entry.setAccount(account);
        return entry;
    }

    private static QuotaEntry released(final String tenant, final String requestId, final String account,
                                       final String number) {
        final var entry = entry(tenant, requestId, DAY, QuotaState.RELEASED, number);
        entry.setAccount(account);
        return entry;
    }

    @Test
    void oneTenantWrittenInTwoSpellingsIsCountedAsOne() {
        final var book = new QuotaBook();
        book.apply(entry("Team-A ", "r1", DAY, QuotaState.BOUGHT, "+14155550001"));
        book.apply(entry("team-a", "r2", DAY, QuotaState.BOUGHT, "+14155550002"));
        assertThat(book.counts("team-a", DAY)).isEqualTo(new QuotaBook.Counts(2, 2));
    }

    /** What compaction keeps (the latest entry per key, in offset order) gives the same counts as the history. */
    @Test
    void theCompactedTopicGivesTheSameCountsAsTheFullHistory() {
        final var history = List.of(
                entry("t", "r1", DAY, QuotaState.RESERVED),
                entry("t", "r2", DAY, QuotaState.RESERVED),
                entry("t", "r3", DAY, QuotaState.RESERVED),
                entry("t", "r1", DAY, QuotaState.BOUGHT, "+14155550001"),
                entry("t", "r2", DAY, QuotaState.RETURNED),
                entry("t", "r4", DAY, QuotaState.RESERVED),
                entry("t", "rel-1", DAY, QuotaState.RELEASED, "+14155550001"),
                entry("t", "r4", DAY, QuotaState.BOUGHT, "+14155550004", "+14155550005"),
                entry("t", "r2", DAY, QuotaState.RESERVED));
        final var full = new QuotaBook();
        history.forEach(full::apply);
        final var latest = new LinkedHashMap<String, Integer>();
        for (int i = 0; i < history.size(); i++) {
            latest.put(history.get(i).getTenant() + "|" + history.get(i).getRequestId(), i);
        }
        final var compacted = new QuotaBook();
        new ArrayList<>(latest.values()).stream().sorted().forEach(i -> compacted.apply(history.get(i)));
        assertThat(compacted.counts("t", DAY)).isEqualTo(full.counts("t", DAY))
                .isEqualTo(new QuotaBook.Counts(5, 4));
        assertThat(compacted.openCount()).isEqualTo(full.openCount()).isEqualTo(2);
    }

    private static QuotaEntry entry(final String tenant, final String requestId, final LocalDate day,
                                    final QuotaState state, final String... numbers) {
        return QuotaEntry.newBuilder().setTenant(tenant).setRequestId(requestId).setDay(day)
                .setNumbersCount(state == QuotaState.BOUGHT ? Math.max(1, numbers.length) : 1)
                .setNumbers(List.of(numbers)).setState(state).setWrittenAt(Instant.EPOCH).setWriter("test").build();
    }
}
