package dev.numbers.schemas.provider;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Telnyx's webhook envelope ({@code data: {event_type, id, occurred_at, payload, record_type}}, optional
 * {@code meta}) for any event type: {@code number_order.complete} ({@link TelnyxNumberOrderWebhook}) and the 10DLC
 * events {@code 10dlc.brand.update}, {@code 10dlc.campaign.update}, {@code 10dlc.phone_number.update}, whose payload
 * names the brand ({@code brandId}), the campaign ({@code campaignId}) or the number ({@code phoneNumber}).
 *
 * @param payload the object as Telnyx shows it (a map or a JSON tree: anything Jackson writes)
 */
public record TelnyxWebhook(String eventType, String id, Instant occurredAt, Object payload) {

    public static final String BRAND_UPDATE = "10dlc.brand.update";
    public static final String CAMPAIGN_UPDATE = "10dlc.campaign.update";
    public static final String PHONE_NUMBER_UPDATE = "10dlc.phone_number.update";

    /** The envelope; {@code meta} (delivery attempt, target URL) is left out when null, as in a polled event. */
    public Map<String, Object> toMap(final Map<String, Object> meta) {
        final Map<String, Object> data = new LinkedHashMap<>();
        data.put("event_type", eventType);
        data.put("id", id);
        data.put("occurred_at", TelnyxNumberOrderWebhook.TIME.format(occurredAt));
        data.put("payload", payload);
        data.put("record_type", "event");
        final Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("data", data);
        if (meta != null) {
            envelope.put("meta", meta);
        }
        return envelope;
    }
}
