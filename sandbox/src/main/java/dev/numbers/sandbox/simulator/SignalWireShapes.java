package dev.numbers.sandbox.simulator;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SignalWire's resource shapes (signalwire-numbers.openapi.yaml): phone number, order, assignment. */
final class SignalWireShapes {

    static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    // The spec lists these handler fields on every phone number; null until a PUT sets them.
    private static final List<String> HANDLER_FIELDS = List.of("call_request_url", "call_request_method",
            "call_fallback_url", "call_fallback_method", "call_status_callback_url", "call_status_callback_method",
            "call_laml_application_id", "call_dialogflow_agent_id", "call_relay_topic",
            "call_relay_topic_status_callback_url", "call_relay_script_url", "call_relay_context",
            "call_relay_context_status_callback_url", "call_relay_application", "call_relay_connector_id",
            "call_sip_endpoint_id", "call_verto_resource", "call_video_room_id", "message_handler",
            "messaging_handler_resource_id", "message_request_url", "message_request_method", "message_fallback_url",
            "message_fallback_method", "message_laml_application_id", "message_relay_topic", "message_relay_context");

    private SignalWireShapes() {
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static Map<String, Object> capabilities() {
        return Map.of("voice", true, "sms", true, "mms", true, "fax", false);
    }

    static Map<String, Object> phoneNumber(SignalWireStore.Number n) {
        return phoneNumber(n, Map.of());
    }

    /** The number with the settings written to it (PUT) over the defaults. */
    static Map<String, Object> phoneNumber(SignalWireStore.Number n, Map<String, Object> settings) {
        final Map<String, Object> m = new LinkedHashMap<>();
        final String created = TIME.format(n.createdAt());
        m.put("id", n.id());
        m.put("number", n.number());
        m.put("name", n.number());
        m.put("capabilities", List.of("voice", "sms", "mms", "fax"));
        m.put("number_type", n.number().startsWith("+18") ? "toll-free" : "longcode");
        m.put("e911_address_id", null);
        m.put("e911_status", null);
        m.put("created_at", created);
        m.put("updated_at", created);
        m.put("next_billed_at", TIME.format(n.createdAt().plus(30, ChronoUnit.DAYS)));
        m.put("call_handler", null);
        m.put("calling_handler_resource_id", null);
        m.put("call_receive_mode", "voice");
        for (String k : HANDLER_FIELDS) {
            m.put(k, null);
        }
        m.put("country_code", "US");
        // Only what PhoneNumberResponse has: a setting the spec does not report back (message_relay_application)
        // is kept but not shown, as the real API would.
        settings.forEach((k, v) -> {
            if (m.containsKey(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    static Map<String, Object> order(SignalWireStore.Order o) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id);
        m.put("state", o.state());
        if (o.processedAt() != null) {
            m.put("processed_at", TIME.format(o.processedAt()));
        }
        m.put("created_at", TIME.format(o.createdAt));
        m.put("updated_at", TIME.format(o.updatedAt()));
        if (o.callbackUrl != null) {
            m.put("status_callback_url", o.callbackUrl);
        }
        return m;
    }

    static Map<String, Object> assignment(SignalWireStore.Assignment a) {
        final Map<String, Object> phone = new LinkedHashMap<>();
        phone.put("id", a.phoneNumberId);
        phone.put("name", a.number);
        phone.put("number", a.number);
        if (a.callbackUrl != null) {
            phone.put("status_callback_url", a.callbackUrl);
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id);
        m.put("state", a.state());
        m.put("campaign_id", a.campaignId);
        m.put("phone_number", phone);
        m.put("created_at", TIME.format(a.createdAt));
        m.put("updated_at", TIME.format(a.updatedAt()));
        return m;
    }
}
