package dev.numbers.bridge.webhook.telnyx;

import java.time.Instant;
import java.util.Set;

/**
 * The parts of a Telnyx webhook the bridge relies on: {@code data.event_type}, the id of the object it is about (a
 * number order's {@code payload.id}, a 10DLC brand's {@code payload.brandId}, a campaign's {@code payload.campaignId},
 * a number's campaign assignment's {@code payload.phoneNumber}), its status.
 *
 * @param campaignId a 10DLC event's {@code payload.campaignId} when it names one (a campaign's or a number's
 *                   update); null for number orders
 */
public record TelnyxNumberOrderEvent(String eventId, String eventType, Instant occurredAt, String orderId,
        String campaignId, String status, String customerReference) {

    /** Telnyx's 10DLC events: a brand's, a campaign's and a number's campaign assignment's updates. */
    public static final String BRAND_UPDATE = "10dlc.brand.update";
    public static final String CAMPAIGN_UPDATE = "10dlc.campaign.update";
    /** A number's campaign assignment: its life is a number assignment keyed by the number. */
    public static final String PHONE_NUMBER_UPDATE = "10dlc.phone_number.update";
    /** Every 10DLC event type Telnyx publishes; the only event types allowed to start with a digit. */
    public static final Set<String> TEN_DLC_EVENT_TYPES = Set.of(BRAND_UPDATE, CAMPAIGN_UPDATE, PHONE_NUMBER_UPDATE);

    private static final Set<String> KNOWN_EVENT_TYPES = Set.of("number_order.complete", BRAND_UPDATE,
            CAMPAIGN_UPDATE, PHONE_NUMBER_UPDATE);

    public boolean knownEventType() {
        return KNOWN_EVENT_TYPES.contains(eventType);
    }
}
