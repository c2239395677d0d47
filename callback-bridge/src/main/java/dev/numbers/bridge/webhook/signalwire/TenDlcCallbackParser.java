package dev.numbers.bridge.webhook.signalwire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.webhook.JsonBodies;
import dev.numbers.bridge.webhook.WebhookRejected;
import java.util.Optional;

/** Reads a 10DLC status callback body, naming the first missing required field. */
public final class TenDlcCallbackParser {

    private final ObjectMapper json;

    public TenDlcCallbackParser(final ObjectMapper json) {
        this.json = json;
    }

    /** A callback from SignalWire: every field the spec requires must be there. */
    public TenDlcStatusCallback parse(final byte[] rawBody) {
        return parse(rawBody, true);
    }

    /**
     * A record the confirmation poller wrote in the callback shape. It may lack {@code brand_id}: SignalWire's order
     * API names neither the campaign nor the brand, so for an order that was never called back the brand is unknown.
     */
    public TenDlcStatusCallback parsePolled(final byte[] rawBody) {
        return parse(rawBody, false);
    }

    private TenDlcStatusCallback parse(final byte[] rawBody, final boolean brandRequired) {
        final JsonNode root = JsonBodies.object(json, rawBody);
        return new TenDlcStatusCallback(
                required(root, "project_id"),
                required(root, "event_at"),
                required(root, "event_category"),
                required(root, "event_type"),
                required(root, "state"),
                brandRequired ? required(root, "brand_id") : optional(root, "brand_id").orElse(null),
                optional(root, "campaign_id"),
                optional(root, "number_assignment_order_id"),
                optional(root, "number_assignment_id"),
                optional(root, "phone_number_id"),
                optional(root, "phone_number"));
    }

    private static String required(final JsonNode root, final String field) {
        final var node = root.get(field);
        if (node == null || node.isNull()) {
            throw WebhookRejected.malformed("missing required field " + field);
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw WebhookRejected.malformed("field " + field + " must be a non-empty string");
        }
        return node.asText();
    }

    private static Optional<String> optional(final JsonNode root, final String field) {
        final var node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw WebhookRejected.malformed("field " + field + " must be a string");
        }
        return Optional.of(node.asText());
    }
}
