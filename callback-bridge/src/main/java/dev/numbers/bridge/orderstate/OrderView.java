package dev.numbers.bridge.orderstate;

import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.StateSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The current state of one order and of each of its number assignments: the value of the order-state store and the
 * body of {@code GET /orders/{id}}.
 *
 * @param state        the order's own state, null until an order-level event was seen
 * @param stateAt      epoch millis of the event that set {@code state}
 * @param assignments  number assignment id (Telnyx: none) → its latest state
 * @param lastChangeAt epoch millis (wall clock) of the last accepted change; the poller's "still pending since"
 */
public record OrderView(
        Provider provider,
        String orderId,
        String requestId,
        String campaignId,
        String state,
        Long stateAt,
        Map<String, Assignment> assignments,
        long lastChangeAt) {

    /** Order states after which nothing more is expected (SignalWire order, Telnyx number order). */
    private static final Set<String> FINAL_ORDER_STATES = Set.of("processed", "failed", "success", "failure",
            "cancelled", "canceled");

    public record Assignment(String state, long stateAt, String phoneNumber, String phoneNumberId) {
    }

    /** What one observation does to the view. */
    public sealed interface Applied {
        /** A new state: the view to store and the object's state before it. */
        record Changed(OrderView view, String previousState) implements Applied {
        }

        /** The same event again (redelivery): same object, state and event time; or a poll confirming what we know. */
        record Duplicate() implements Applied {
        }

        /** Older than what we already have for this object: delivered out of order, would move the state backwards. */
        record Stale() implements Applied {
        }
    }

    public static OrderView empty(final Observation first) {
        return new OrderView(first.provider(), first.orderId(), null, first.campaignId(), null, null, Map.of(), 0L);
    }

    public boolean isFinal() {
        return state != null && FINAL_ORDER_STATES.contains(state);
    }

    public Applied apply(final Observation seen, final long now) {
        final String previous;
        final Long previousAt;
        if (seen.aboutOrder()) {
            previous = state;
            previousAt = stateAt;
        } else {
            final var assignment = assignments.get(seen.objectId());
            previous = assignment == null ? null : assignment.state();
            previousAt = assignment == null ? null : assignment.stateAt();
        }
        if (previousAt != null) {
            if (seen.eventAt() < previousAt) {
                return new Applied.Stale();
            }
            final boolean sameState = seen.state().equals(previous);
            if (sameState && (seen.eventAt() == previousAt || seen.source() == StateSource.POLL)) {
                return new Applied.Duplicate();
            }
        }
        final var correlated = requestId != null ? requestId : seen.requestId();
        final var campaign = campaignId != null ? campaignId : seen.campaignId();
        if (seen.aboutOrder()) {
            return new Applied.Changed(new OrderView(provider, orderId, correlated, campaign, seen.state(),
                    seen.eventAt(), assignments, now), previous);
        }
        final var updated = new LinkedHashMap<>(assignments);
        final var before = assignments.get(seen.objectId());
        updated.put(seen.objectId(), new Assignment(seen.state(), seen.eventAt(),
                seen.phoneNumber() != null ? seen.phoneNumber() : before == null ? null : before.phoneNumber(),
                seen.phoneNumberId() != null ? seen.phoneNumberId() : before == null ? null : before.phoneNumberId()));
        return new Applied.Changed(new OrderView(provider, orderId, correlated, campaign, state, stateAt,
                Map.copyOf(updated), now), previous);
    }
}
