package dev.numbers.bridge.orderstate;

/**
 * One state transition a webhook (or a confirmation poll) reports, normalized across providers and keyed by order.
 *
 * <p>Plain fields (no Optional, epoch millis) because it travels through a repartition topic as JSON.
 *
 * @param receivedAtMillis when the bridge received the webhook (or the poller wrote its finding): the start of the
 *                         order-state lag; 0 when unknown (records written before the field existed)
 * @param traceparent      W3C trace context of the request that created the order, when correlated; null otherwise
 * @param signatureVerified whether the raw record was a verified callback or the poller's finding (false: an unsigned
 *                          callback a keyless set-up accepted; also false for records of an older bridge in flight)
 */
public record StateChange(
        String provider,
        String orderId,
        String category,
        String eventType,
        String objectId,
        String state,
        long eventAtMillis,
        String phoneNumber,
        String numberAssignmentId,
        String phoneNumberId,
        String campaignId,
        String brandId,
        String projectId,
        String source,
        String requestId,
        long receivedAtMillis,
        String traceparent,
        boolean signatureVerified) {

    /** Redeliveries carry no event id; this is what makes two deliveries the same event. */
    public String dedupeKey() {
        return eventType + '|' + objectId + '|' + state + '|' + eventAtMillis;
    }

    /** Whether the event is about the order itself rather than one of its number assignments. */
    public boolean aboutOrder() {
        return objectId.equals(orderId);
    }

    /** The change with the request that created its order; {@code request} is null when none is known yet. */
    public StateChange withRequest(final OrderRequest request) {
        return new StateChange(provider, orderId, category, eventType, objectId, state, eventAtMillis, phoneNumber,
                numberAssignmentId, phoneNumberId, campaignId, brandId, projectId, source,
                request == null ? null : request.requestId(), receivedAtMillis,
                request == null ? null : request.traceparent(), signatureVerified);
    }
}
