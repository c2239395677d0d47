package dev.numbers.bridge.webhook.signalwire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.webhook.FieldRules;
import dev.numbers.bridge.webhook.JsonBodies;
import java.util.Optional;

/**
 * Reads a 10DLC status callback body, naming the first missing or invalid field: every field the topology uses is
 * parsed and range-checked here ({@link FieldRules}), at intake and again when the topology reads the raw record.
 */
public final class TenDlcCallbackParser {

    private final ObjectMapper json;
    private final FieldRules rules;

    public TenDlcCallbackParser(final ObjectMapper json, final FieldRules rules) {
        this.json = json;
        this.rules = rules;
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
                rules.id("project_id", required(root, "project_id")),
                rules.instant("event_at", required(root, "event_at")),
                rules.word("event_category", required(root, "event_category")),
                rules.word("event_type", required(root, "event_type")),
                rules.word("state", required(root, "state")),
                rules.id("brand_id", brandRequired ? required(root, "brand_id") : optional(root, "brand_id")),
                Optional.ofNullable(rules.id("campaign_id", optional(root, "campaign_id"))),
                Optional.ofNullable(rules.id("number_assignment_order_id",
                        optional(root, "number_assignment_order_id"))),
                Optional.ofNullable(rules.id("number_assignment_id", optional(root, "number_assignment_id"))),
                Optional.ofNullable(rules.id("phone_number_id", optional(root, "phone_number_id"))),
                Optional.ofNullable(rules.phoneNumber("phone_number", optional(root, "phone_number"))));
    }

    private static String required(final JsonNode root, final String field) {
        return JsonBodies.requiredText(root, field, field);
    }

    private static String optional(final JsonNode root, final String field) {
        return JsonBodies.optionalText(root, field, field);
    }
}
