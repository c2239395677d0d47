package dev.numbers.bridge.orderstate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The current state of one object's life - an order and each of its number assignments, a brand, a campaign - as kept
 * in the store. {@code GET /objects/{kind}/{id}} (and {@code GET /orders/{id}}) serve its user-facing part,
 * {@link ObjectState}; the dedupe keys and re-emission bookkeeping stay here.
 *
 * @param kind         the object's {@link ObjectKind}; null while only the request that created it is known
 * @param finalState   whether the object itself (not its assignments) is in a final state
 * @param signatureVerified whether the change that set the current state was verified (null before it was kept)
 * @param history      the object's own transitions that moved its state, oldest first, the last {@link #MAX_HISTORY}
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
        Map<String, Emitted> uncorrelated,
        Boolean signatureVerified,
        List<Transition> history) {

    /** At most this many objects of an uncorrelated order are kept for re-emission; the oldest make way. */
    static final int MAX_UNCORRELATED = 256;

    /** At most this many transitions of the object are kept for its history; the oldest make way. */
    static final int MAX_HISTORY = 20;

    /** One number assignment (SignalWire) or ordered number (Telnyx). */
    public record Assignment(String state, long updatedAtMillis, String phoneNumber) {
    }

    /** An event as it was emitted: the change and the state it replaced. */
    public record Emitted(StateChange change, String previousState) {
    }

    /** One transition of the object itself, as its history keeps it. */
    public record Transition(String eventType, String previousState, String state, long eventAtMillis, String source,
            boolean signatureVerified) {
    }

    public OrderView {
        assignments = assignments == null ? Map.of() : assignments;
        seenEvents = seenEvents == null ? Map.of() : seenEvents;
        uncorrelated = uncorrelated == null ? Map.of() : uncorrelated;
        history = history == null ? List.of() : history;
    }

    static OrderView empty(final String orderId) {
        return new OrderView(orderId, null, null, null, false, 0L, null, null, Map.of(), Map.of(), Map.of(), null,
                List.of());
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
        var nextVerified = signatureVerified;
        var nextHistory = history;
        final var nextUncorrelated = new LinkedHashMap<>(uncorrelated);
        if (newer && change.aboutOrder()) {
            nextState = change.state();
            nextFinal = change.finalState();
            nextUpdatedAt = change.eventAtMillis();
            nextVerified = change.signatureVerified();
            nextHistory = withTransition(new Transition(change.eventType(), previous, change.state(),
                    change.eventAtMillis(), change.source(), change.signatureVerified()));
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
                traceparent, nextAssignments, seen, nextUncorrelated, nextVerified, nextHistory);
    }

    private List<Transition> withTransition(final Transition transition) {
        final var next = new ArrayList<Transition>(history.size() + 1);
        next.addAll(history.subList(Math.max(0, history.size() + 1 - MAX_HISTORY), history.size()));
        next.add(transition);
        return next;
    }

    /** The view once the request that created the order is known; nothing is kept for re-emission any more. */
    OrderView correlated(final OrderRequest request) {
        return new OrderView(orderId, kind, provider, state, finalState, updatedAtMillis, request.requestId(),
                request.traceparent(), assignments, seenEvents, Map.of(), signatureVerified, history);
    }
}
