package dev.numbers.bridge.orderstate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The current state of one order and of each of its number assignments, as kept in the store and served by
 * {@code GET /orders/{id}}.
 *
 * @param recentEvents dedupe keys of the latest events, bounded: redeliveries come soon after the original
 */
public record OrderView(
        String orderId,
        String provider,
        String state,
        long updatedAtMillis,
        String requestId,
        Map<String, Assignment> assignments,
        List<String> recentEvents) {

    static final int RECENT_EVENTS = 512;

    /** One number assignment (SignalWire) or ordered number (Telnyx). */
    public record Assignment(String state, long updatedAtMillis, String phoneNumber) {
    }

    static OrderView empty(final StateChange first) {
        return new OrderView(first.orderId(), first.provider(), null, 0L, first.requestId(), new LinkedHashMap<>(),
                new ArrayList<>());
    }

    boolean seen(final StateChange change) {
        return recentEvents.contains(change.dedupeKey());
    }

    /** The state the object was in before this change, and whether the change is newer than what is known. */
    String currentStateOf(final StateChange change) {
        if (change.aboutOrder()) {
            return state;
        }
        final var assignment = assignments.get(change.objectId());
        return assignment == null ? null : assignment.state();
    }

    long updatedAtOf(final StateChange change) {
        if (change.aboutOrder()) {
            return updatedAtMillis;
        }
        final var assignment = assignments.get(change.objectId());
        return assignment == null ? Long.MIN_VALUE : assignment.updatedAtMillis();
    }

    OrderView apply(final StateChange change, final boolean newer) {
        final var events = new ArrayList<>(recentEvents);
        events.add(change.dedupeKey());
        while (events.size() > RECENT_EVENTS) {
            events.remove(0);
        }
        final var nextAssignments = new LinkedHashMap<>(assignments);
        var nextState = state;
        var nextUpdatedAt = updatedAtMillis;
        if (newer && change.aboutOrder()) {
            nextState = change.state();
            nextUpdatedAt = change.eventAtMillis();
        } else if (newer) {
            nextAssignments.put(change.objectId(),
                    new Assignment(change.state(), change.eventAtMillis(), change.phoneNumber()));
        }
        final var correlated = requestId != null ? requestId : change.requestId();
        return new OrderView(orderId, provider, nextState, nextUpdatedAt, correlated, nextAssignments, events);
    }
}
