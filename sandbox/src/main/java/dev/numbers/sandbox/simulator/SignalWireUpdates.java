package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * SignalWire's {@code PUT /phone_numbers/{id}}, validated against the spec's UpdatePhoneNumberRequest: only its
 * properties (unevaluatedProperties: not {}), all strings, the handler and method enums, URLs that are http(s).
 * A number of another project is 404, as with the real API.
 */
final class SignalWireUpdates {

    /** The properties of UpdatePhoneNumberRequest. */
    static final Set<String> FIELDS = Set.of("name", "call_handler", "call_receive_mode", "call_request_url",
            "call_request_method", "call_fallback_url", "call_fallback_method", "call_status_callback_url",
            "call_status_callback_method", "call_laml_application_id", "call_dialogflow_agent_id", "call_relay_topic",
            "call_relay_topic_status_callback_url", "call_relay_script_url", "call_relay_context",
            "call_relay_context_status_callback_url", "call_relay_application", "call_relay_connector_id",
            "call_sip_endpoint_id", "call_verto_resource", "call_video_room_id", "message_handler",
            "message_request_url", "message_request_method", "message_fallback_url", "message_fallback_method",
            "message_laml_application_id", "message_relay_topic", "message_relay_context",
            "message_relay_application");
    /** PhoneNumberCallHandlerRequest. */
    private static final Set<String> CALL_HANDLERS = Set.of("relay_context", "relay_topic", "relay_script",
            "relay_application", "relay_connector", "relay_sip_endpoint", "relay_verto_endpoint", "laml_webhooks",
            "laml_application", "dialogflow", "video_room");
    /** PhoneNumberMessageHandler. */
    private static final Set<String> MESSAGE_HANDLERS = Set.of("relay_context", "relay_topic", "relay_application",
            "laml_webhooks", "laml_application");

    private final SignalWireStore store;
    private final JsonBodies bodies;
    private final Accounts accounts;
    private final NumberConfigs configs;

    SignalWireUpdates(SignalWireStore store, JsonBodies bodies, Accounts accounts, NumberConfigs configs) {
        this.store = store;
        this.bodies = bodies;
        this.accounts = accounts;
        this.configs = configs;
    }

    Reply update(Call call, String id) {
        final JsonNode body = bodies.parse(call.body());
        if (body == null || !body.isObject()) {
            return SignalWireApi.failure(400);
        }
        final Map<String, Object> changes = new LinkedHashMap<>();
        for (var it = body.properties().iterator(); it.hasNext(); ) {
            final var field = it.next();
            final String problem = problem(field.getKey(), field.getValue());
            if (problem != null) {
                return SignalWireApi.validation("invalid_parameter", problem);
            }
            changes.put(field.getKey(), field.getValue().asText());
        }
        final SignalWireStore.Number owned = store.byId(id);
        if (owned == null || !accounts.owns(Accounts.Kind.SIGNALWIRE, call.account(), owned.number())) {
            return SignalWireApi.failure(404);
        }
        configs.write(owned.number(), changes);
        return Reply.of(200, SignalWireShapes.phoneNumber(owned, configs.of(owned.number())));
    }

    /** What is wrong with one property, or null. */
    private static String problem(String name, JsonNode value) {
        if (!FIELDS.contains(name)) {
            return name + " is not a property of UpdatePhoneNumberRequest";
        }
        if (!value.isTextual()) {
            return name + " must be a string";
        }
        final String text = value.asText();
        if (name.equals("call_handler") && !CALL_HANDLERS.contains(text)) {
            return "call_handler must be one of " + CALL_HANDLERS;
        }
        if (name.equals("message_handler") && !MESSAGE_HANDLERS.contains(text)) {
            return "message_handler must be one of " + MESSAGE_HANDLERS;
        }
        if (name.endsWith("_method") && !text.equals("GET") && !text.equals("POST")) {
            return name + " must be GET or POST";
        }
        if (name.endsWith("_url") && !webUrl(text)) {
            return name + " must be an http or https URL";
        }
        return null;
    }

    private static boolean webUrl(String text) {
        try {
            final URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
