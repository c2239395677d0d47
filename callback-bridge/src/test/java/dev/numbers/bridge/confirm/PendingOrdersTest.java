package dev.numbers.bridge.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.StateSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingOrdersTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration AFTER = Duration.ofMinutes(10);

    private final PendingOrders pending = new PendingOrders();

    @Test
    void createdOrderIsDueOnlyAfterItWasQuietForPollAfter() {
        pending.created(result("order-1", "pending"), T0);

        assertThat(pending.due(T0.plus(AFTER).minusSeconds(1), AFTER)).isEmpty();
        assertThat(pending.due(T0.plus(AFTER), AFTER)).extracting(PendingOrders.Pending::orderId)
                .containsExactly("order-1");
    }

    @Test
    void finalOrderStateEventStopsWatchingTheOrder() {
        pending.created(result("order-1", "pending"), T0);
        pending.observed(event("order-1", "order-1", "processed"), T0.plusSeconds(5));

        assertThat(pending.due(T0.plus(AFTER).plus(AFTER), AFTER)).isEmpty();
    }

    @Test
    void assignmentEventsRememberCampaignAndAssignmentAndPostponeThePoll() {
        pending.created(result("order-1", "pending"), T0);
        pending.observed(event("order-1", "assignment-1", "pending"), T0.plusSeconds(60));

        assertThat(pending.due(T0.plus(AFTER), AFTER)).isEmpty();
        final var due = pending.due(T0.plusSeconds(60).plus(AFTER), AFTER);
        assertThat(due).singleElement().satisfies(p -> {
            assertThat(p.campaignId()).isEqualTo("campaign-1");
            assertThat(p.assignments()).containsOnlyKeys("assignment-1");
        });
    }

    @Test
    void pollThatFindsTheOrderStillPendingWaitsAnotherPeriod() {
        pending.created(result("order-1", "pending"), T0);
        final var order = pending.due(T0.plus(AFTER), AFTER).getFirst();

        pending.polled(order, "pending", T0.plus(AFTER));

        assertThat(pending.due(T0.plus(AFTER).plusSeconds(1), AFTER)).isEmpty();
        assertThat(pending.due(T0.plus(AFTER).plus(AFTER), AFTER)).hasSize(1);
    }

    @Test
    void pollThatFindsTheOrderFinalStopsWatchingIt() {
        pending.created(result("order-1", "pending"), T0);
        final var order = pending.due(T0.plus(AFTER), AFTER).getFirst();

        pending.polled(order, "processed", T0.plus(AFTER));

        assertThat(pending.size()).isZero();
    }

    @Test
    void resultThatCreatedNoOrderIsNotWatched() {
        final var purchase = result("ignored", "pending");
        purchase.setResource(null);

        pending.created(purchase, T0);

        assertThat(pending.size()).isZero();
    }

    static NumberResult result(final String orderId, final String state) {
        return NumberResult.newBuilder()
                .setRequestId("request-" + orderId)
                .setProvider(Provider.SIGNALWIRE)
                .setOperation(OperationType.CREATE_ASSIGNMENT_ORDER)
                .setStatus(ResultStatus.SUCCEEDED)
                .setResource(AssignmentOrder.newBuilder().setId(orderId).setState(state).build())
                .setProviderPayload(null)
                .setErrors(List.of())
                .setAttempts(1)
                .setStartedAt(T0)
                .setFinishedAt(T0)
                .setReconciled(false)
                .setTenant(null)
                .setCorrelationId(null)
                .build();
    }

    static OrderStateEvent event(final String orderId, final String objectId, final String state) {
        return OrderStateEvent.newBuilder()
                .setProvider(Provider.SIGNALWIRE)
                .setOrderId(orderId)
                .setCategory(objectId.equals(orderId) ? "number_assignment_order" : "number_assignment")
                .setEventType("number_assignment_pending")
                .setObjectId(objectId)
                .setPreviousState(null)
                .setState(state)
                .setPhoneNumber(null)
                .setNumberAssignmentId(objectId.equals(orderId) ? null : objectId)
                .setPhoneNumberId(null)
                .setCampaignId("campaign-1")
                .setBrandId("brand-1")
                .setProjectId("project-1")
                .setEventAt(T0)
                .setRequestId(null)
                .setSource(StateSource.WEBHOOK)
                .build();
    }
}
