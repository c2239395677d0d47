package dev.numbers.bridge.orderstate;

/**
 * One state transition a webhook (or a confirmation poll) reports, normalized across providers and keyed by the id of
 * the object whose life it belongs to ({@link #kind}): an order, a brand or a campaign; called {@code orderId} after
 * the topic's field.
 *
 * <p>Plain fields (no Optional, epoch millis) because it travels through a repartition topic as JSON.
 *
 * @param receivedAtMillis when the bridge received the webhook (or the poller wrote its finding): the start of the
 *                         order-state lag; 0 when unknown (records written before the field existed)
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
        long receivedAtMillis,
        boolean signatureVerified) {

    /** Redeliveries carry no event id; this is what makes two deliveries the same event. */
    public String dedupeKey() {
        return eventType + '|' + objectId + '|' + state + '|' + eventAtMillis;
    }

    /** The kind of object whose life this change belongs to (keyed by {@link #orderId}). */
    public ObjectKind kind() {
        return ObjectKind.of(provider, eventType);
    }

    /** Whether the change leaves the object it is about in a final state. */
    public boolean finalState() {
        return ObjectKind.isFinal(eventType);
    }

    /** Whether the event is about the order itself rather than one of its number assignments. */
    public boolean aboutOrder() {
        return objectId.equals(orderId);
    }
}
