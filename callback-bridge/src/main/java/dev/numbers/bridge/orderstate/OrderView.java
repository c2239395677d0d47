package dev.numbers.bridge.orderstate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The current state of one object's life - an order and each of its number assignments, a brand, a campaign - as kept
 * in the store and served by {@code GET /objects/{kind}/{id}} (and {@code GET /orders/{id}}).
 *
 * @param kind         the object's {@link ObjectKind}; null while only the request that created it is known
 * @param finalState   whether the object itself (not its assignments) is in a final state
 *
 * @param requestId    the request that created the order, once its result was read; null until then
 * @param traceparent  that result's trace context, continued by the order's events; null when none
 * @param seenEvents   dedupe key of each event seen within the dedupe window -> when it was received (epoch millis)
 * @param uncorrelated the latest event emitted per object while no request was known, re-emitted once with the
 *                     request id when the request arrives; empty once the order is correlated
 */
public record OrderView(
        String orderId,
        String kind,
        String provider,
        String state,
        boolean finalState,
        long updatedAtMillis,
        String requestId,
        String traceparent,
        Map<String, Assignment> assignments,
        Map<String, Long> seenEvents,
        Map<String, Emitted> uncorrelated) {

    /** At most this many objects of an uncorrelated order are kept for re-emission; the oldest make way. */
    static final int MAX_UNCORRELATED = 256;

    /** One number assignment (SignalWire) or ordered number (Telnyx). */
    public record Assignment(String state, long updatedAtMillis, String phoneNumber) {
    }

    /** An event as it was emitted: the change and the state it replaced. */
    public record Emitted(StateChange change, String previousState) {
    }

    public OrderView {
        assignments = assignments == null ? Map.of() : assignments;
        seenEvents = seenEvents == null ? Map.of() : seenEvents;
        uncorrelated = uncorrelated == null ? Map.of() : uncorrelated;
    }

    static OrderView empty(final String orderId) {
        return new OrderView(orderId, null, null, null, false, 0L, null, null, Map.of(), Map.of(), Map.of());
    }

    boolean seen(final StateChange change) {
        return seenEvents.containsKey(change.dedupeKey());
    }

    /** The state the object was in before this change. */
    String currentStateOf(final StateChange change) {
        if (change.aboutOrder()) {
            return state;
        }
        final var assignment = assignments.get(change.objectId());
        return assignment == null ? null : assignment.state();
    }

    long updatedAtOf(final StateChange change) {
        if (change.aboutOrder()) {
            return state == null ? Long.MIN_VALUE : updatedAtMillis;
        }
        final var assignment = assignments.get(change.objectId());
        return assignment == null ? Long.MIN_VALUE : assignment.updatedAtMillis();
    }

    /**
     * The view after {@code change}: its key remembered (and keys received before {@code forgetBefore} forgotten),
     * the object's state moved when the change is newer, and the emitted event kept while the order is uncorrelated.
     */
    OrderView apply(final StateChange change, final boolean newer, final String previous, final long receivedAt,
            final long forgetBefore) {
        final var seen = new LinkedHashMap<String, Long>();
        seenEvents.forEach((key, at) -> {
            if (at >= forgetBefore) {
                seen.put(key, at);
            }
        });
        seen.put(change.dedupeKey(), receivedAt);
        final var nextAssignments = new LinkedHashMap<>(assignments);
        var nextState = state;
        var nextFinal = finalState;
        var nextUpdatedAt = updatedAtMillis;
        final var nextUncorrelated = new LinkedHashMap<>(uncorrelated);
        if (newer && change.aboutOrder()) {
            nextState = change.state();
            nextFinal = change.finalState();
            nextUpdatedAt = change.eventAtMillis();
        } else if (newer) {
            nextAssignments.put(change.objectId(),
                    new Assignment(change.state(), change.eventAtMillis(), change.phoneNumber()));
        }
        if (newer && requestId == null && !change.storeOnly()) {
            nextUncorrelated.remove(change.objectId());
            nextUncorrelated.put(change.objectId(), new Emitted(change, previous));
            while (nextUncorrelated.size() > MAX_UNCORRELATED) {
                nextUncorrelated.remove(nextUncorrelated.keySet().iterator().next());
            }
        }
        return new OrderView(orderId, kind != null ? kind : change.kind().path(),
                provider != null ? provider : change.provider(), nextState, nextFinal, nextUpdatedAt, requestId,
                traceparent, nextAssignments, seen, nextUncorrelated);
    }

    /** The view once the request that created the order is known; nothing is kept for re-emission any more. */
    OrderView correlated(final OrderRequest request) {
        return new OrderView(orderId, kind, provider, state, finalState, updatedAtMillis, request.requestId(),
                request.traceparent(), assignments, seenEvents, Map.of());
    }
}
