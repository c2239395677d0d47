package dev.numbers.connector.provider.telnyx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.connector.outcome.Outcome;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelnyxOrderWaitTest {

    private final TelnyxOrderWait wait = new TelnyxOrderWait(Duration.ofSeconds(5), Duration.ofMillis(1));

    @Test
    void anOrderThatEndsInFailureIsAnsweredNotAvailable() {
        final var answers = new ArrayDeque<Outcome>(List.of(order("pending"), order("failure")));
        final var outcome = wait.completed(order("pending"), id -> answers.poll());
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class, r -> {
            assertThat(r.errors()).singleElement().satisfies(e ->
                    assertThat(e.getCode().toString()).isEqualTo(TelnyxOrderWait.NOT_AVAILABLE));
            assertThat(r.attempts()).isEqualTo(3);
        });
    }

    @Test
    void anOrderThatSucceedsIsAnsweredWithItsFinalState() {
        final var outcome = wait.completed(order("pending"), id -> order("success"));
        assertThat(((TelnyxNumberOrder) ((Outcome.Succeeded) outcome).resource()).getStatus()).isEqualTo("success");
    }

    /** Not knowing how the order ends must never lead to ordering another number. */
    @Test
    void anOrderThatCannotBeReadStaysPendingAndIsNotAFailure() {
        final var outcome = wait.completed(order("pending"), id -> new Outcome.Failed(List.of(), null, 1));
        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        assertThat(((TelnyxNumberOrder) ((Outcome.Succeeded) outcome).resource()).getStatus()).isEqualTo("pending");
    }

    @Test
    void anOrderStillPendingAfterTheWaitIsAnsweredPending() {
        final var none = new TelnyxOrderWait(Duration.ZERO, Duration.ofMillis(1));
        final var outcome = none.completed(order("pending"), id -> { throw new AssertionError("not read"); });
        assertThat(((TelnyxNumberOrder) ((Outcome.Succeeded) outcome).resource()).getStatus()).isEqualTo("pending");
    }

    private static Outcome order(final String status) {
        return new Outcome.Succeeded(TelnyxNumberOrder.newBuilder().setId("order-1").setStatus(status).build(),
                "{}", 1);
    }
}
