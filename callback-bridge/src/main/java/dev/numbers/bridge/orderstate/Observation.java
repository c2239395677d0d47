package dev.numbers.bridge.orderstate;

import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.StateSource;

/**
 * One state a provider reported for an order or for one of its number assignments, read from a raw webhook (or a
 * confirming poll) and keyed by order id. Internal to the topology (JSON on the repartition topic).
 *
 * @param objectId  the order id for order events, the number assignment id for assignment events
 * @param eventAt   epoch millis of the provider's {@code event_at} / {@code occurred_at}, or of the poll
 * @param requestId filled in by the join with {@code numbers.results}; null when not (yet) correlated
 */
public record Observation(
        Provider provider,
        String orderId,
        String category,
        String eventType,
        String objectId,
        String state,
        String phoneNumber,
        String numberAssignmentId,
        String phoneNumberId,
        String campaignId,
        String brandId,
        String projectId,
        long eventAt,
        StateSource source,
        String requestId) {

    public Observation withRequestId(final String correlated) {
        return correlated == null ? this : new Observation(provider, orderId, category, eventType, objectId, state,
                phoneNumber, numberAssignmentId, phoneNumberId, campaignId, brandId, projectId, eventAt, source,
                correlated);
    }

    public boolean aboutOrder() {
        return objectId.equals(orderId);
    }
}
