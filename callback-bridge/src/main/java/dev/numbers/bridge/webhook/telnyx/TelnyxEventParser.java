package dev.numbers.bridge.webhook.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.webhook.FieldRules;
import dev.numbers.bridge.webhook.JsonBodies;
import dev.numbers.bridge.webhook.WebhookRejected;
import dev.numbers.bridge.webhook.WebhookRejected.Reason;

/**
 * Reads Telnyx's webhook envelope {@code {data:{id, event_type, occurred_at, payload:{id, status, ...}}}}, with every
 * field the topology uses parsed and range-checked ({@link FieldRules}).
 */
public final class TelnyxEventParser {

    private final ObjectMapper json;
    private final FieldRules rules;

    public TelnyxEventParser(final ObjectMapper json, final FieldRules rules) {
        this.json = json;
        this.rules = rules;
    }

    public TelnyxNumberOrderEvent parse(final byte[] rawBody) {
        final JsonNode root = JsonBodies.object(json, rawBody);
        final var data = object(root, "data", "data");
        final var payload = object(data, "payload", "data.payload");
        return new TelnyxNumberOrderEvent(
                rules.id("data.id", JsonBodies.requiredText(data, "id", "data.id")),
                rules.word("data.event_type", JsonBodies.requiredText(data, "event_type", "data.event_type")),
                rules.instant("data.occurred_at", JsonBodies.requiredText(data, "occurred_at", "data.occurred_at")),
                rules.id("data.payload.id", JsonBodies.requiredText(payload, "id", "data.payload.id")),
                rules.word("data.payload.status", JsonBodies.optionalText(payload, "status", "data.payload.status")),
                rules.text("data.payload.customer_reference",
                        JsonBodies.optionalText(payload, "customer_reference", "data.payload.customer_reference")));
    }

    private static JsonNode object(final JsonNode parent, final String field, final String path) {
        final var node = parent.get(field);
        if (node == null || node.isNull()) {
            throw WebhookRejected.invalid(Reason.MISSING_FIELD, "missing required field " + path);
        }
        if (!node.isObject()) {
            throw WebhookRejected.invalid(Reason.WRONG_TYPE, "field " + path + " must be an object");
        }
        return node;
    }
}
