package dev.numbers.connector.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.connector.operation.PriorAttempts;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** "Already owned" after an earlier attempt of the same request_id: the number may be ours, so it is looked up. */
class OwnedAlreadyTest {

    private static final Exchange.Answered OWNED = new Exchange.Answered(422,
            "{\"errors\":[{\"code\":\"number_already_owned\"}]}", Optional.empty(), 1);
    private static final PriorAttempts RESUMED = new PriorAttempts(true, Instant.EPOCH);
    private static final PriorAttempts FIRST = PriorAttempts.none(Instant.EPOCH);

    private final AtomicInteger lookups = new AtomicInteger();

    @Test
    void afterAPriorAttemptTheNumberFoundInOurAccountIsThePurchaseNotARejection() {
        final var settled = OwnedAlready.reconcile(OWNED, RESUMED, a -> true, lookup(new Reconciliation.Found("{}")));

        assertThat(settled).isEqualTo(new Exchange.Reconciled("{}", 1));
        assertThat(lookups).hasValue(1);
    }

    @Test
    void anEarlierAttemptOfTheSameCallCountsAsAPriorAttempt() {
        final var retried = new Exchange.Answered(422, OWNED.body(), Optional.empty(), 3);

        assertThat(OwnedAlready.reconcile(retried, FIRST, a -> true, lookup(new Reconciliation.Found("{}"))))
                .isInstanceOf(Exchange.Reconciled.class);
    }

    @Test
    void aFirstAttemptKeepsTheRefusalWithoutALookup() {
        assertThat(OwnedAlready.reconcile(OWNED, FIRST, a -> true, lookup(new Reconciliation.Found("{}"))))
                .isSameAs(OWNED);
        assertThat(lookups).hasValue(0);
    }

    @Test
    void notFoundKeepsTheRefusalAndNoAnswerLeavesTheOutcomeUnknown() {
        assertThat(OwnedAlready.reconcile(OWNED, RESUMED, a -> true, lookup(new Reconciliation.NotFound())))
                .isSameAs(OWNED);
        assertThat(OwnedAlready.reconcile(OWNED, RESUMED, a -> true,
                lookup(new Reconciliation.Undecided(new Exchange.Unreachable("timeout", 1)))))
                .isEqualTo(new Exchange.Ambiguous(OWNED, 1));
    }

    @Test
    void otherAnswersPassUnchanged() {
        final var notAvailable = new Exchange.Answered(422, "{}", Optional.empty(), 1);

        assertThat(OwnedAlready.reconcile(notAvailable, RESUMED, a -> false, lookup(new Reconciliation.Found("{}"))))
                .isSameAs(notAvailable);
        assertThat(lookups).hasValue(0);
    }

    private Reconciliation.Lookup lookup(final Reconciliation answer) {
        return () -> {
            lookups.incrementAndGet();
            return answer;
        };
    }
}
