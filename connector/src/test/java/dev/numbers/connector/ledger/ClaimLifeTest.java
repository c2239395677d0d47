package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How long an earlier claim holds, and until when nothing its claimant sent can still be performed. */
class ClaimLifeTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MARGIN = Duration.ofSeconds(10);
    private static final Duration IN_FLIGHT = Duration.ofSeconds(30);

    @Test
    void anotherClaimantsLapsedClaimIsUnsettledUntilACallItSentCanNoLongerBePerformed() {
        final var life = new ClaimLife("a", T0, MARGIN, IN_FLIGHT);
        final var hold = new ClaimBoard.Hold("b/1", 10, T0.plusSeconds(60));

        // Its lease and the clock margin are gone (the old rule let the takeover post here) ...
        assertThat(unsettled(life, hold, T0.plusSeconds(71))).isTrue();
        // ... but a POST sent before the lease ran out may still be performed until its time-out and margin passed.
        assertThat(unsettled(life, hold, T0.plusSeconds(99))).isTrue();
        assertThat(unsettled(life, hold, T0.plusSeconds(100))).isFalse();
    }

    @Test
    void anEarlierIncarnationOfThisInstanceIsUnsettledUntilWhatItSentBeforeThisStartCanNoLongerBePerformed() {
        final var life = new ClaimLife("a", T0.plusSeconds(5), MARGIN, IN_FLIGHT);
        final var earlier = new ClaimBoard.Hold("a/old", 10, T0.plusSeconds(60));

        // The old rule treated it as dead at once: the restarted instance looked up, found nothing yet, posted again.
        assertThat(unsettled(life, earlier, T0.plusSeconds(6))).isTrue();
        assertThat(unsettled(life, earlier, T0.plusSeconds(34))).isTrue();
        // That process sent nothing after this one started: bounded by the start, not by its lease.
        assertThat(unsettled(life, earlier, T0.plusSeconds(35))).isFalse();
    }

    @Test
    void anEarlierIncarnationWhoseLeaseEndedBeforeThisStartIsBoundedByItsLease() {
        final var life = new ClaimLife("a", T0.plusSeconds(600), MARGIN, IN_FLIGHT);
        final var earlier = new ClaimBoard.Hold("a/old", 10, T0.plusSeconds(60));

        assertThat(life.settledAt(earlier)).isEqualTo(T0.plusSeconds(100));
    }

    @Test
    void aClaimIsHeldOnlyWhileItsClaimantMaySendSoATakerMayLookUpBeforeItsCallsSettle() {
        final var life = new ClaimLife("a", T0.plusSeconds(5), MARGIN, IN_FLIGHT);
        final var other = new ClaimBoard.Hold("b/1", 10, T0.plusSeconds(60));
        final var earlier = new ClaimBoard.Hold("a/old", 10, T0.plusSeconds(60));

        // Another claimant may send until its lease and the clock margin are gone; then a taker looks up at once ...
        assertThat(life.holds(other, T0.plusSeconds(69))).isTrue();
        assertThat(life.holds(other, T0.plusSeconds(70))).isFalse();
        // ... and posts only once what it sent has settled.
        assertThat(life.settledAt(other)).isEqualTo(T0.plusSeconds(100));
        // An earlier incarnation of this instance sent nothing after this one started: it holds nothing any more.
        assertThat(life.holds(earlier, T0.plusSeconds(5))).isFalse();
        assertThat(life.settledAt(earlier)).isEqualTo(T0.plusSeconds(35));
    }

    /** Before its calls settled a taker may look up but not post. */
    private static boolean unsettled(final ClaimLife life, final ClaimBoard.Hold hold, final Instant at) {
        return at.isBefore(life.settledAt(hold));
    }

    @Test
    void aRestartedReaderLooksBackOverALeaseTwoClockMarginsAndTheCallsTimeInFlight() {
        final var life = ClaimLife.of(new ClaimConfig(Duration.ofSeconds(60), MARGIN, 10_000, Duration.ofSeconds(20)),
                "a", T0, Duration.ofSeconds(10));

        assertThat(life.inFlight()).isEqualTo(IN_FLIGHT);
        assertThat(life.lookback(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(110));
    }
}
