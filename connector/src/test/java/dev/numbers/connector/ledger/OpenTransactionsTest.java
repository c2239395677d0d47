package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * When an open transaction counts as hanging. The first case is the one BrokerRestartIT met on Kafka 4.3.1: the only
 * broker stopped while a result transaction's commit markers were on their way; the coordinator skipped the markers
 * ("couldn't find leader endpoint ... likely deleted") and completed the commit, the partitions kept it open.
 */
class OpenTransactionsTest {

    private static final TopicPartition INTENTS_2 = new TopicPartition("intents", 2);
    private static final ProducerState HOLDING = new ProducerState(1, 43, 7, 0, OptionalInt.of(0),
            OptionalLong.of(90));
    private static final Duration LONG = OpenTransactions.HANGING_AFTER.plusSeconds(1);

    private static Optional<TransactionDescription> coordinator(final TransactionState state, final int epoch,
                                                                final TopicPartition... partitions) {
        return Optional.of(new TransactionDescription(0, state, 1, epoch, 60_000, OptionalLong.of(0),
                Set.of(partitions)));
    }

    @Test
    void aTransactionItsCoordinatorCommittedButThePartitionStillHoldsIsHanging() {
        assertThat(OpenTransactions.hanging(INTENTS_2, HOLDING, coordinator(TransactionState.COMPLETE_COMMIT, 44),
                LONG)).isTrue();
        assertThat(OpenTransactions.hanging(INTENTS_2, HOLDING, coordinator(TransactionState.COMPLETE_ABORT, 44),
                LONG)).isTrue();
    }

    @Test
    void aLaterTransactionOfTheSameProducerDoesNotEndAnOlderOneLeftOnThePartition() {
        assertThat(OpenTransactions.hanging(INTENTS_2, HOLDING, coordinator(TransactionState.ONGOING, 45,
                INTENTS_2), LONG)).as("ongoing at a later epoch").isTrue();
        assertThat(OpenTransactions.hanging(INTENTS_2, HOLDING, coordinator(TransactionState.ONGOING, 43,
                new TopicPartition("results", 0)), LONG)).as("ongoing without this partition").isTrue();
    }

    @Test
    void aTransactionItsCoordinatorIsStillInIsWaitedFor() {
        for (final var state : Set.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT,
                TransactionState.PREPARE_ABORT)) {
            assertThat(OpenTransactions.hanging(INTENTS_2, HOLDING, coordinator(state, 43, INTENTS_2), LONG))
                    .as(state.toString()).isFalse();
        }
    }

    @Test
    void aMarkerMayStillBeOnItsWayForAWhile() {
        assertThat(OpenTransactions.hanging(INTENTS_2, HOLDING, coordinator(TransactionState.COMPLETE_COMMIT, 44),
                OpenTransactions.HANGING_AFTER.minusSeconds(1))).isFalse();
    }

    @Test
    void aTransactionNoCoordinatorListsIsHangingOnlyAfterTheLongestTimeoutABrokerAllows() {
        assertThat(OpenTransactions.hanging(INTENTS_2, HOLDING, Optional.empty(), LONG)).isFalse();
        assertThat(OpenTransactions.hanging(INTENTS_2, HOLDING, Optional.empty(),
                OpenTransactions.UNKNOWN_HANGING_AFTER)).isTrue();
    }
}
