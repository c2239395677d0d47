package dev.numbers.bridge.webhook.signalwire;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * SignalWire's 10DLC status callback ({@code TenDlcStatusCallbackPayload} in the spec). Optional fields are present
 * only for some event categories.
 *
 * @param brandId required in every callback; null only in a confirmation poll's record about an order never called
 *                back (see {@link TenDlcCallbackParser#parsePolled})
 */
public record TenDlcStatusCallback(
        String projectId,
        Instant eventAt,
        String eventCategory,
        String eventType,
        String state,
        String brandId,
        Optional<String> campaignId,
        Optional<String> numberAssignmentOrderId,
        Optional<String> numberAssignmentId,
        Optional<String> phoneNumberId,
        Optional<String> phoneNumber) {

    /** The categories and event types the spec lists; anything else is kept raw but changes no state. */
    private static final Set<String> KNOWN_EVENT_TYPES = Set.of(
            "brand_activated", "brand_unverified", "campaign_activated", "campaign_deactivated",
            "number_assignment_order_processed", "number_assignment_failed", "number_assignment_pending",
            "number_assignment_activated");

    public boolean knownEventType() {
        return KNOWN_EVENT_TYPES.contains(eventType);
    }

    /** The most specific object the event is about: the Kafka key of the raw record. */
    public String objectId() {
        return numberAssignmentId
                .or(() -> numberAssignmentOrderId)
                .or(() -> campaignId)
                .orElse(brandId);
    }
}
