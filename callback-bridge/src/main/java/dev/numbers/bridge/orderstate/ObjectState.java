package dev.numbers.bridge.orderstate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /objects/{kind}/{id}} and {@code GET /orders/{id}} serve of one object's life: its state, when, who
 * asked for it, whether the callback that set it was signed, its recent history and an order's assignments. The
 * store's bookkeeping (dedupe keys, events kept for re-emission, the trace context) is not for users and stays in
 * {@link OrderView}.
 *
 * @param orderId           the object's own id (named after the topic's field, as before objects had kinds)
 * @param updatedAt         the event time of the current state, ISO-8601; null while no state is known
 * @param updatedAtMillis   the same as epoch millis
 * @param requestId         the connector's request that created the order; null for objects no request created
 * @param signatureVerified whether the callback that set the current state was verified (true for polls and the
 *                          connector's results); null for a state kept before the bridge recorded it
 * @param history           the object's own transitions, oldest first, at most the last twenty
 */
public record ObjectState(
        String orderId,
        String kind,
        String provider,
        String state,
        boolean finalState,
        String updatedAt,
        long updatedAtMillis,
        String requestId,
        Boolean signatureVerified,
        Map<String, OrderView.Assignment> assignments,
        List<Change> history) {

    /** One transition of the object: what moved it, from which state to which, when, and how it was reported. */
    public record Change(String eventType, String previousState, String state, String eventAt, String source,
            boolean signatureVerified) {
    }

    static ObjectState of(final OrderView view) {
        return new ObjectState(view.orderId(), view.kind(), view.provider(), view.state(), view.finalState(),
                view.state() == null ? null : Instant.ofEpochMilli(view.updatedAtMillis()).toString(),
                view.updatedAtMillis(), view.requestId(), view.signatureVerified(), view.assignments(),
                view.history().stream().map(t -> new Change(t.eventType(), t.previousState(), t.state(),
                        Instant.ofEpochMilli(t.eventAtMillis()).toString(), t.source(), t.signatureVerified()))
                        .toList());
    }
}
