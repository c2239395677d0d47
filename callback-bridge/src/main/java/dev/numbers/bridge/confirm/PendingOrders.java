package dev.numbers.bridge.confirm;

import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The orders this instance watches: created by the connector (from {@code numbers.results}) or seen in
 * {@code numbers.order-states}, and not final yet. Built from the public topics only, so the poller does not depend
 * on the topology's internal stores.
 */
final class PendingOrders {

    /** Order states after which nothing more is expected (SignalWire order, Telnyx number order). */
    static final Set<String> FINAL_STATES = Set.of("processed", "failed", "success", "failure", "cancelled");

    /** What is known about one pending order; assignment ids and states come from order-state events. */
    record Pending(Provider provider, String orderId, String state, String campaignId, String brandId,
            String projectId, Map<String, Assignment> assignments, Instant lastChange) {
    }

    record Assignment(String state, String phoneNumber, String phoneNumberId) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    void created(final NumberResult result, final Instant at) {
        final var orderId = switch (result.getResource()) {
            case AssignmentOrder order -> order.getId();
            case TelnyxNumberOrder order -> order.getId();
            case null, default -> null;
        };
        final var state = switch (result.getResource()) {
            case AssignmentOrder order -> order.getState();
            case TelnyxNumberOrder order -> order.getStatus();
            case null, default -> null;
        };
        if (orderId == null || (state != null && FINAL_STATES.contains(state))) {
            return;
        }
        pending.putIfAbsent(orderId, new Pending(result.getProvider(), orderId, state, null, null, null, Map.of(), at));
    }

    void observed(final OrderStateEvent event, final Instant at) {
        final var orderId = event.getOrderId();
        if (event.getObjectId().equals(orderId) && FINAL_STATES.contains(event.getState())) {
            pending.remove(orderId);
            return;
        }
        pending.compute(orderId, (id, known) -> {
            final var base = known != null ? known
                    : new Pending(event.getProvider(), orderId, null, null, null, null, Map.of(), at);
            final var assignments = new ConcurrentHashMap<>(base.assignments());
            var state = base.state();
            if (event.getObjectId().equals(orderId)) {
                state = event.getState();
            } else {
                assignments.put(event.getObjectId(), new Assignment(event.getState(), event.getPhoneNumber(),
                        event.getPhoneNumberId()));
            }
            return new Pending(base.provider(), orderId, state,
                    event.getCampaignId() != null ? event.getCampaignId() : base.campaignId(),
                    event.getBrandId() != null ? event.getBrandId() : base.brandId(),
                    event.getProjectId() != null ? event.getProjectId() : base.projectId(),
                    Map.copyOf(assignments), at);
        });
    }

    /** Orders that have been quiet for at least {@code after}. */
    List<Pending> due(final Instant now, final Duration after) {
        return pending.values().stream().filter(p -> !p.lastChange().plus(after).isAfter(now)).toList();
    }

    /** After a poll: forget the order when the provider says it is final, else wait another period. */
    void polled(final Pending order, final String state, final Instant now) {
        if (state != null && FINAL_STATES.contains(state)) {
            pending.remove(order.orderId());
        } else {
            pending.computeIfPresent(order.orderId(), (id, p) -> new Pending(p.provider(), p.orderId(), p.state(),
                    p.campaignId(), p.brandId(), p.projectId(), p.assignments(), now));
        }
    }

    int size() {
        return pending.size();
    }
}
