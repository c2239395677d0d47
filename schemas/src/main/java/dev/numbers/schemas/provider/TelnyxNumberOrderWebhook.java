package dev.numbers.schemas.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Telnyx's {@code number_order.complete} webhook envelope ({@code data: {event_type, id, occurred_at, payload,
 * record_type}}, optional {@code meta}), built one way for the simulator, which sends it, and the bridge's poller,
 * which writes the order it read in the same envelope.
 *
 * @param id         the event id (Telnyx: a UUID; the poller marks its own with a {@code poll-} prefix)
 * @param occurredAt when the order completed
 * @param payload    the number order as Telnyx shows it (a map or a JSON tree: anything Jackson writes)
 */
public record TelnyxNumberOrderWebhook(String id, Instant occurredAt, Object payload) {

    public static final String EVENT_TYPE = "number_order.complete";

    /** Telnyx writes times with microseconds and a literal Z. */
    public static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The envelope; {@code meta} (delivery attempt, target URL) is left out when null, as in a polled event. */
    public Map<String, Object> toMap(Map<String, Object> meta) {
        return new TelnyxWebhook(EVENT_TYPE, id, occurredAt, payload).toMap(meta);
    }

    /** A delivered webhook's {@code meta}: which attempt this is and the URL it went to. */
    public static Map<String, Object> deliveryMeta(int attempt, String deliveredTo) {
        return Map.of("attempt", attempt, "delivered_to", deliveredTo);
    }

    public String toJson(Map<String, Object> meta) {
        try {
            return JSON.writeValueAsString(toMap(meta));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the payload cannot be written as JSON", e);
        }
    }
}
