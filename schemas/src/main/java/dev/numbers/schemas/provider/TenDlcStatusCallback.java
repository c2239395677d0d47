package dev.numbers.schemas.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SignalWire's 10DLC status callback for a number-assignment order or one of its assignments
 * ({@code specs/signalwire-10dlc-status-callback.tsp}), built one way for everyone who writes one: the simulator sends
 * it, the bridge's poller writes what it found in the same shape so the topology reads a poll like a callback.
 *
 * <p>Optional fields that are null are left out rather than sent as JSON null: the spec marks them optional, and the
 * poller does not always know them (an order never called back has no known brand).
 *
 * @param projectId    the project that placed the order (its signing key verifies the callback)
 * @param eventAt      when the state changed
 * @param category     {@code number_assignment_order} or {@code number_assignment}
 * @param eventType    e.g. {@code number_assignment_activated}; follows from category and state
 * @param state        the new state ({@code processed}, {@code pending}, {@code failed}, {@code completed})
 * @param brandId      the campaign's brand, or null when not known
 * @param campaignId   the campaign, or null when not known
 * @param orderId      the number-assignment order
 * @param assignmentId the assignment (assignment events only)
 * @param phoneNumberId the assigned number's id (assignment events only; may be unknown to a poller)
 * @param phoneNumber  the assigned number in E.164 (assignment events only; may be unknown to a poller)
 */
public record TenDlcStatusCallback(String projectId, Instant eventAt, String category, String eventType,
                                   String state, String brandId, String campaignId, String orderId,
                                   String assignmentId, String phoneNumberId, String phoneNumber) {

    public static final String ORDER = "number_assignment_order";
    public static final String ASSIGNMENT = "number_assignment";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The order was processed ({@code number_assignment_order_processed}). */
    public static TenDlcStatusCallback orderProcessed(String projectId, Instant eventAt, String brandId,
                                                      String campaignId, String orderId) {
        return new TenDlcStatusCallback(projectId, eventAt, ORDER, "number_assignment_order_processed", "processed",
                brandId, campaignId, orderId, null, null, null);
    }

    /** An assignment of the order moved to {@code state}; the event type follows from the state. */
    public static TenDlcStatusCallback assignment(String projectId, Instant eventAt, String state, String brandId,
                                                  String campaignId, String orderId, String assignmentId,
                                                  String phoneNumberId, String phoneNumber) {
        return new TenDlcStatusCallback(projectId, eventAt, ASSIGNMENT, assignmentEvent(state), state, brandId,
                campaignId, orderId, assignmentId, phoneNumberId, phoneNumber);
    }

    /** The event an assignment's state is reported with: failed, pending, otherwise activated. */
    public static String assignmentEvent(String state) {
        return switch (state) {
            case "failed" -> "number_assignment_failed";
            case "pending" -> "number_assignment_pending";
            default -> "number_assignment_activated";
        };
    }

    /** The callback's fields under the spec's names, in the spec's order; null optional fields left out. */
    public Map<String, Object> toMap() {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("project_id", projectId);
        body.put("event_at", DateTimeFormatter.ISO_INSTANT.format(eventAt));
        body.put("event_category", category);
        body.put("event_type", eventType);
        body.put("state", state);
        putIfKnown(body, "brand_id", brandId);
        putIfKnown(body, "campaign_id", campaignId);
        body.put("number_assignment_order_id", orderId);
        putIfKnown(body, "number_assignment_id", assignmentId);
        putIfKnown(body, "phone_number_id", phoneNumberId);
        putIfKnown(body, "phone_number", phoneNumber);
        return body;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    private static void putIfKnown(Map<String, Object> body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
