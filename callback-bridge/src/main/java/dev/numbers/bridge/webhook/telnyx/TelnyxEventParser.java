package dev.numbers.bridge.webhook.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.webhook.JsonBodies;
import dev.numbers.bridge.webhook.WebhookRejected;

/** Reads Telnyx's webhook envelope {@code {data:{id, event_type, occurred_at, payload:{id, status, ...}}}}. */
public final class TelnyxEventParser {

    private final ObjectMapper json;

    public TelnyxEventParser(final ObjectMapper json) {
        this.json = json;
    }

    public TelnyxNumberOrderEvent parse(final byte[] rawBody) {
        final JsonNode root = JsonBodies.object(json, rawBody);
        final var data = root.get("data");
        if (data == null || !data.isObject()) {
            throw WebhookRejected.malformed("missing required field data");
        }
        final var payload = data.get("payload");
        if (payload == null || !payload.isObject()) {
            throw WebhookRejected.malformed("missing required field data.payload");
        }
        return new TelnyxNumberOrderEvent(
                text(data, "id", "data.id", true),
                text(data, "event_type", "data.event_type", true),
                text(data, "occurred_at", "data.occurred_at", true),
                text(payload, "id", "data.payload.id", true),
                text(payload, "status", "data.payload.status", false),
                text(payload, "customer_reference", "data.payload.customer_reference", false));
    }

    private static String text(final JsonNode node, final String field, final String path, final boolean required) {
        final var value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw WebhookRejected.malformed("missing required field " + path);
            }
            return null;
        }
        if (!value.isTextual()) {
            throw WebhookRejected.malformed("field " + path + " must be a string");
        }
        return value.asText();
    }
}
