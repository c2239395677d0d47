package dev.numbers.bridge.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.StateSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingOrdersTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration AFTER = Duration.ofMinutes(10);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PendingOrders pending = new PendingOrders(new PendingOrders.Bounds(3, Duration.ofDays(1), 2),
            meters);

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

    @Test
    void brandsCampaignsReleasesAndTelnyxNumberAssignmentsAreNeverWatched() {
        final var brand = event("brand-1", "brand-1", "activated");
        brand.setCategory("brand");
        final var campaign = event("campaign-1", "campaign-1", "activated");
        campaign.setCategory("campaign");
        final var release = event("+15550100001", "pn-1", "released");
        release.setCategory("phone_number");
        release.setSource(StateSource.RESULT);
        // Telnyx's 10DLC phone number update: a number assignment keyed by the number, which no order lookup knows
        final var telnyxAssignment = event("+15550100002", "+15550100002", "assigned");
        telnyxAssignment.setProvider(Provider.TELNYX);
        telnyxAssignment.setCategory("number_assignment");
        telnyxAssignment.setEventType("10dlc.phone_number.update");

        for (final var event : List.of(brand, campaign, release, telnyxAssignment)) {
            pending.observed(event, T0);
        }

        assertThat(pending.size()).isZero();
    }

    @Test
    void aFloodOfOrdersStaysWithinTheLimitAndEveryDropIsCounted() {
        for (int i = 0; i < 100; i++) {
            pending.observed(event("order-" + i, "assignment-" + i, "pending"), T0);
        }
        pending.created(result("order-created", "pending"), T0);

        assertThat(pending.size()).isEqualTo(3);
        assertThat(dropped("limit")).isEqualTo(98);
        // what is already watched keeps being updated
        pending.observed(event("order-0", "order-0", "processed"), T0.plusSeconds(1));
        assertThat(pending.size()).isEqualTo(2);
    }

    @Test
    void anOrderPendingLongerThanTheAgeLimitIsNoLongerPolled() {
        pending.created(result("order-old", "pending"), T0);
        pending.created(result("order-new", "pending"), T0.plus(Duration.ofHours(20)));

        final var due = pending.due(T0.plus(Duration.ofDays(1)).plusSeconds(1), AFTER);

        assertThat(due).extracting(PendingOrders.Pending::orderId).containsExactly("order-new");
        assertThat(dropped("age")).isEqualTo(1);
    }

    @Test
    void anOrderIsGivenUpAfterTooManyUnmappableAnswersAndKeptBeforeThat() {
        pending.created(result("order-1", "pending"), T0);

        pending.unmappable(pending.due(T0.plus(AFTER), AFTER).getFirst(), T0.plus(AFTER));
        assertThat(pending.size()).as("one unmappable answer: polled again later").isEqualTo(1);
        assertThat(pending.due(T0.plus(AFTER).plusSeconds(1), AFTER)).isEmpty();

        pending.unmappable(pending.due(T0.plus(AFTER).plus(AFTER), AFTER).getFirst(), T0.plus(AFTER).plus(AFTER));
        assertThat(pending.size()).isZero();
        assertThat(dropped("unmappable")).isEqualTo(1);
    }

    private double dropped(final String reason) {
        final var counter = meters.find("bridge.confirm.pending.dropped").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
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
