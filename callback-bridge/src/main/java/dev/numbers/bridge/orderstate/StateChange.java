package dev.numbers.bridge.orderstate;

import java.util.List;

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
 * @param storeOnly        a copy kept under another object's own id so that {@code GET /objects/{kind}/{id}} serves
 *                         it (a number assignment by its assignment id, a release by its number): stored, never
 *                         emitted, for its event is already on the topic once (under its order, or from the result)
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
        boolean signatureVerified,
        boolean storeOnly) {

    /** Redeliveries carry no event id; this is what makes two deliveries the same event. */
    public String dedupeKey() {
        return eventType + '|' + objectId + '|' + state + '|' + eventAtMillis;
    }

    /** The kind of object whose life this change belongs to (keyed by {@link #orderId}). */
    public ObjectKind kind() {
        final var kind = ObjectKind.of(provider, eventType);
        return kind == ObjectKind.NUMBER_ASSIGNMENT_ORDER && orderId.equals(numberAssignmentId)
                ? ObjectKind.NUMBER_ASSIGNMENT : kind;
    }

    /**
     * This change and, for a number assignment's event that names the assignment, a store-only copy under the
     * assignment's own id: the assignment's life beside its order's summary.
     */
    public List<StateChange> withOwnLives() {
        if (storeOnly || numberAssignmentId == null || orderId.equals(numberAssignmentId)
                || !"SIGNALWIRE".equals(provider) || !ObjectKind.aboutAnAssignment(eventType)) {
            return List.of(this);
        }
        return List.of(this, new StateChange(provider, numberAssignmentId, category, eventType, numberAssignmentId,
                state, eventAtMillis, phoneNumber, numberAssignmentId, phoneNumberId, campaignId, brandId, projectId,
                source, receivedAtMillis, signatureVerified, true));
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
