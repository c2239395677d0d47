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
    void aClaimBetweenAnotherClaimantsLapsedClaimAndItsNewOneTakesOverFromTheLapsedOne() {
        // b/1 claimed after b/1's first claim lapsed, and b/1 claimed again (behind) after that: the claim between
        // them takes over from the lapsed claim, so it posts only after what b/1 sent under it settled. (Forgetting
        // the lapsed claim, it ran as First with nothing earlier and posted while b/1's post was still performed.)
        final var lapsed = new ClaimBoard.Hold("b/1", 5, T0.plusSeconds(30));
        final var mine = new ClaimBoard.Hold(ME, 10, T0.plusSeconds(200));
        final var again = new ClaimBoard.Hold("b/1", 15, T0.plusSeconds(230));
        final var now = T0.plusSeconds(30).plus(MARGIN);

        final var standing = ClaimStanding.of(List.of(again, mine, lapsed), ME, LIFE, now);

        assertThat(standing).isEqualTo(new ClaimStanding.First(mine, List.of(lapsed)));
        assertThat(((ClaimStanding.First) standing).takesOver()).isTrue();
        // b/1's own standing is its current claim's, behind this live one.
        assertThat(ClaimStanding.of(List.of(lapsed, mine, again), "b/1", new ClaimLife("b", T0, MARGIN, IN_FLIGHT),
                now))
                .isEqualTo(new ClaimStanding.Behind(again, mine));
    }

    @Test
    void aClaimBehindALiveEarlierClaimOfAnotherInstanceWaits() {
        final var theirs = new ClaimBoard.Hold("b/1", 5, T0.plusSeconds(30));
        final var mine = new ClaimBoard.Hold(ME, 10, T0.plusSeconds(30));

        assertThat(ClaimStanding.of(List.of(mine, theirs), ME, LIFE, T0))
                .isEqualTo(new ClaimStanding.Behind(mine, theirs));
    }

    @Test
    void anEarlierClaimHoldsWhileItsClaimantMaySendAndIsThenTakenOver() {
        final var theirs = new ClaimBoard.Hold("b/1", 5, T0.plusSeconds(30));
        final var mine = new ClaimBoard.Hold(ME, 10, T0.plusSeconds(200));
        final var lastSend = T0.plusSeconds(30).plus(MARGIN);

        assertThat(ClaimStanding.of(List.of(theirs, mine), ME, LIFE, lastSend.minusMillis(1)))
                .isInstanceOf(ClaimStanding.Behind.class);
        // Taken over once it may send no more: the taker looks up at once, and posts only after its calls settled
        // (PriorAttempts.settles, from ClaimLife.settledAt).
        final var after = ClaimStanding.of(List.of(theirs, mine), ME, LIFE, lastSend);
        assertThat(after).isEqualTo(new ClaimStanding.First(mine, List.of(theirs)));
        assertThat(((ClaimStanding.First) after).takesOver()).isTrue();
        assertThat(LIFE.settledAt(theirs)).isEqualTo(lastSend.plus(IN_FLIGHT));
    }

    @Test
    void anEarlierIncarnationsClaimIsTakenOverAtOnceAndSettlesWhenWhatItSentBeforeThisStartCanNoLongerBePerformed() {
        final var before = new ClaimBoard.Hold("a/1", 5, T0.plusSeconds(20));
        final var mine = new ClaimBoard.Hold(ME, 10, T0.plusSeconds(200));

        // That process sent nothing after this one started (T0): nothing to wait for before looking up.
        assertThat(ClaimStanding.of(List.of(before, mine), ME, LIFE, T0))
                .isEqualTo(new ClaimStanding.First(mine, List.of(before)));
        assertThat(LIFE.settledAt(before)).isEqualTo(T0.plus(IN_FLIGHT));
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
