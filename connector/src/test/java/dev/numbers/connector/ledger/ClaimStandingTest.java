package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether a claim runs, waits, or takes a request over, decided from the board's holds and the claims' life. */
class ClaimStandingTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MARGIN = Duration.ofSeconds(5);
    /** Request time-out plus provider margin: how long after it was sent a call may still be performed. */
    private static final Duration IN_FLIGHT = Duration.ofSeconds(60);
    private static final ClaimLife LIFE = new ClaimLife("a", T0, MARGIN, IN_FLIGHT);
    private static final String ME = "a/2";

    @Test
    void aClaimWithNothingEarlierIsTaken() {
        final var mine = new ClaimBoard.Hold(ME, 10, T0.plusSeconds(30));

        final var standing = ClaimStanding.of(List.of(mine), ME, LIFE, T0);

        assertThat(standing).isEqualTo(new ClaimStanding.First(mine, List.of()));
        assertThat(((ClaimStanding.First) standing).takesOver()).isFalse();
    }

    @Test
    void aClaimBehindALiveEarlierClaimOfAnotherInstanceWaits() {
        final var theirs = new ClaimBoard.Hold("b/1", 5, T0.plusSeconds(30));
        final var mine = new ClaimBoard.Hold(ME, 10, T0.plusSeconds(30));

        assertThat(ClaimStanding.of(List.of(mine, theirs), ME, LIFE, T0))
                .isEqualTo(new ClaimStanding.Behind(mine, theirs));
    }

    @Test
    void anEarlierClaimStandsUntilTheCallsItMaySendCanNoLongerBePerformedAndIsThenTakenOver() {
        final var theirs = new ClaimBoard.Hold("b/1", 5, T0.plusSeconds(30));
        final var mine = new ClaimBoard.Hold(ME, 10, T0.plusSeconds(200));
        final var settled = T0.plusSeconds(30).plus(MARGIN).plus(IN_FLIGHT);

        assertThat(ClaimStanding.of(List.of(theirs, mine), ME, LIFE, settled.minusMillis(1)))
                .isInstanceOf(ClaimStanding.Behind.class);
        final var after = ClaimStanding.of(List.of(theirs, mine), ME, LIFE, settled);
        assertThat(after).isEqualTo(new ClaimStanding.First(mine, List.of(theirs)));
        assertThat(((ClaimStanding.First) after).takesOver()).isTrue();
    }

    @Test
    void anEarlierIncarnationsClaimIsHonouredUntilWhatItSentBeforeThisStartCanNoLongerBePerformed() {
        final var before = new ClaimBoard.Hold("a/1", 5, T0.plusSeconds(20));
        final var mine = new ClaimBoard.Hold(ME, 10, T0.plusSeconds(200));

        assertThat(ClaimStanding.of(List.of(before, mine), ME, LIFE, T0.plus(IN_FLIGHT).minusMillis(1)))
                .isEqualTo(new ClaimStanding.Behind(mine, before));
        assertThat(ClaimStanding.of(List.of(before, mine), ME, LIFE, T0.plus(IN_FLIGHT)))
                .isEqualTo(new ClaimStanding.First(mine, List.of(before)));
    }

    @Test
    void aLaterClaimOfAnotherDoesNotStandInTheWay() {
        final var mine = new ClaimBoard.Hold(ME, 10, T0.plusSeconds(30));
        final var later = new ClaimBoard.Hold("b/1", 20, T0.plusSeconds(30));

        assertThat(ClaimStanding.of(List.of(later, mine), ME, LIFE, T0))
                .isEqualTo(new ClaimStanding.First(mine, List.of()));
    }

    @Test
    void aClaimantNotOnTheBoardHoldsNothing() {
        final var theirs = new ClaimBoard.Hold("b/1", 5, T0.plusSeconds(30));

        assertThat(ClaimStanding.of(List.of(theirs), ME, LIFE, T0)).isEqualTo(new ClaimStanding.Absent());
    }
}
