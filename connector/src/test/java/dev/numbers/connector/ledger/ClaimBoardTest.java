package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentState;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The order every instance derives from the same intent records: who holds a request_id, from where, until when. */
class ClaimBoardTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ClaimBoard board = new ClaimBoard();

    @Test
    void aRenewalWrittenBeforeTheLeaseRanOutKeepsTheClaimsPosition() {
        board.observed("r1", at(10), started("a/1", T0, T0.plusSeconds(60)));
        board.observed("r1", at(20), started("b/1", T0.plusSeconds(1), T0.plusSeconds(61)));
        board.observed("r1", at(30), started("a/1", T0.plusSeconds(40), T0.plusSeconds(100)));

        assertThat(board.holds("r1")).containsExactlyInAnyOrder(
                new ClaimBoard.Hold("a/1", 10, T0.plusSeconds(100)),
                new ClaimBoard.Hold("b/1", 20, T0.plusSeconds(61)));
    }

    @Test
    void aStartedWrittenAfterTheLeaseRanOutIsANewClaimBehindTheOthersAndTheLapsedOneStays() {
        board.observed("r1", at(10), started("a/1", T0, T0.plusSeconds(60)));
        board.observed("r1", at(20), started("b/1", T0.plusSeconds(70), T0.plusSeconds(130)));
        // a was paused past its lease: its next STARTED does not put it back in front of b. Its lapsed claim stays
        // in front of b: what a posted under it may still be performed, and b must wait for that to settle.
        board.observed("r1", at(30), started("a/1", T0.plusSeconds(80), T0.plusSeconds(140)));

        assertThat(board.holds("r1")).containsExactlyInAnyOrder(
                new ClaimBoard.Hold("a/1", 10, T0.plusSeconds(60)),
                new ClaimBoard.Hold("a/1", 30, T0.plusSeconds(140)),
                new ClaimBoard.Hold("b/1", 20, T0.plusSeconds(130)));
    }

    @Test
    void readingTheSameRecordTwiceChangesNothing() {
        final var first = started("a/1", T0, T0.plusSeconds(60));
        board.observed("r1", at(10), first);
        board.observed("r1", at(10), first);

        assertThat(board.holds("r1")).containsExactly(new ClaimBoard.Hold("a/1", 10, T0.plusSeconds(60)));
    }

    @Test
    void aCompletedEndsEveryClaimAndUnclaimedStartsAreNotClaims() {
        board.observed("r1", at(10), started("a/1", T0, T0.plusSeconds(60)));
        board.observed("r1", at(11), started("b/1", T0, T0.plusSeconds(60)));
        board.observed("r2", at(12), started(null, T0, null));
        board.observed("r1", at(13), intent(IntentState.COMPLETED, null, T0, null));

        assertThat(board.holds("r1")).isEmpty();
        assertThat(board.holds("r2")).isEmpty();
        assertThat(board.size()).isZero();
    }

    private static IntentPosition at(final long offset) {
        return new IntentPosition(0, offset);
    }

    private static Intent started(final String claimant, final Instant at, final Instant leaseUntil) {
        return intent(IntentState.STARTED, claimant, at, leaseUntil);
    }

    private static Intent intent(final IntentState state, final String claimant, final Instant at,
                                 final Instant leaseUntil) {
        return Intent.newBuilder().setRequestId("r1").setState(state)
                .setRequest(NumberRequest.newBuilder().setRequestId("r1").setRequestedAt(at).setTenant("t")
                        .setCorrelationId(null)
                        .setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber("+12025550123").build())
                        .build())
                .setUpdatedAt(at).setResult(null).setAttempt(1).setSource(null)
                .setClaimant(claimant).setLeaseUntil(leaseUntil).build();
    }
}
