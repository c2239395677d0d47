package dev.numbers.connector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The pacer and the AIMD factor on a made-up clock (nanoseconds), so no test waits. */
class PacingTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void permitsAreSpacedAtTheRateAndNothingIsStoredWhileIdle() {
        final var pacer = new Pacer();
        assertThat(pacer.reserve(10, 0)).isEqualTo(0);
        assertThat(pacer.reserve(10, 0)).isEqualTo(SECOND / 10);
        assertThat(pacer.reserve(10, 0)).isEqualTo(2 * SECOND / 10);
        // Ten idle seconds later the next permit is now, and the one after is again a tenth of a second later.
        assertThat(pacer.reserve(10, 10 * SECOND)).isEqualTo(10 * SECOND);
        assertThat(pacer.reserve(10, 10 * SECOND)).isEqualTo(10 * SECOND + SECOND / 10);
    }

    @Test
    void aLowerRateTakesEffectWithTheNextPermit() {
        final var pacer = new Pacer();
        pacer.reserve(100, 0);
        final long next = pacer.reserve(2, 0);
        assertThat(next).isEqualTo(SECOND / 100);
        assertThat(pacer.reserve(2, 0)).isEqualTo(next + SECOND / 2);
    }

    @Test
    void aPauseHoldsEveryPermitAndOnlyALongerPauseExtendsIt() {
        final var pacer = new Pacer();
        final long reserved = pacer.reserve(10, 0);
        pacer.pauseUntil(3 * SECOND);
        pacer.pauseUntil(SECOND);
        assertThat(pacer.pausedAt(reserved)).isTrue();
        assertThat(pacer.reserve(10, SECOND)).isEqualTo(3 * SECOND);
        assertThat(pacer.pausedAt(3 * SECOND)).isFalse();
    }

    @Test
    void noSecondHoldsMoreThanTheRateEvenAfterAStall() {
        final var window = new SecondWindow();
        // Five callers that all woke late at the same moment: three fit in the second, two wait for room.
        assertThat(window.take(3, SECOND)).isZero();
        assertThat(window.take(3, SECOND + 1)).isZero();
        assertThat(window.take(3, SECOND + 2)).isZero();
        assertThat(window.take(3, SECOND + 3)).isEqualTo(SECOND - 3);
        assertThat(window.take(3, 2 * SECOND)).isZero();
        // A lowered rate waits for enough of the oldest to leave, not only the first.
        assertThat(window.take(1, 2 * SECOND + 5)).isEqualTo(SECOND - 5);
        assertThat(window.take(1, 3 * SECOND + 5)).isZero();
    }

    @Test
    void aRefusalCutsTheRateOncePerSettleTimeThenItClimbsBack() {
        final var aimd = new Aimd(0.1);
        assertThat(aimd.factor(0)).isEqualTo(1.0);
        assertThat(aimd.decrease(SECOND)).isTrue();
        // The other calls in flight report the same overshoot: no second cut within a second.
        assertThat(aimd.decrease(SECOND + SECOND / 2)).isFalse();
        assertThat(aimd.factor(SECOND)).isCloseTo(0.7, within(1e-9));
        assertThat(aimd.factor(2 * SECOND)).isCloseTo(0.8, within(1e-9));
        assertThat(aimd.decrease(2 * SECOND)).isTrue();
        assertThat(aimd.factor(2 * SECOND)).isCloseTo(0.56, within(1e-9));
        assertThat(aimd.factor(20 * SECOND)).isEqualTo(1.0);
    }

    @Test
    void repeatedRefusalsNeverStopTheAccount() {
        final var aimd = new Aimd(0.001);
        for (int i = 1; i <= 50; i++) {
            aimd.decrease(i * SECOND);
        }
        assertThat(aimd.factor(50 * SECOND)).isEqualTo(Aimd.FLOOR);
    }
}
