package dev.numbers.bridge.webhook.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.webhook.FieldRules;
import dev.numbers.bridge.webhook.JsonBodies;
import dev.numbers.bridge.webhook.WebhookRejected;
import dev.numbers.bridge.webhook.WebhookRejected.Reason;
import java.util.Locale;

/**
 * Reads Telnyx's webhook envelope {@code {data:{id, event_type, occurred_at, payload:{id, status, ...}}}} (a 10DLC
 * brand or campaign update names {@code brandId} or {@code campaignId} instead of {@code id}, a phone number update
 * its {@code phoneNumber}), with every field the
 * topology uses parsed and range-checked ({@link FieldRules}).
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
        // fields are checked in the order they were before 10DLC events, so a body with several faults is refused
        // for the same one
        final var eventId = rules.id("data.id", JsonBodies.requiredText(data, "id", "data.id"));
        final var rawType = JsonBodies.requiredText(data, "event_type", "data.event_type");
        // Telnyx's 10DLC types start with a digit, which the word rule refuses: they pass only as these exact strings
        final var tenDlc = TelnyxNumberOrderEvent.TEN_DLC_EVENT_TYPES.contains(rawType);
        final var eventType = tenDlc ? rawType : rules.word("data.event_type", rawType);
        final var occurredAt = rules.instant("data.occurred_at",
                JsonBodies.requiredText(data, "occurred_at", "data.occurred_at"));
        // a 10DLC event names its brand or campaign, not an id of its own
        final var objectId = switch (eventType) {
            case TelnyxNumberOrderEvent.BRAND_UPDATE -> payloadId(payload, "brandId");
            case TelnyxNumberOrderEvent.CAMPAIGN_UPDATE -> payloadId(payload, "campaignId");
            // a number's campaign assignment: Telnyx keys it by the number itself
            case TelnyxNumberOrderEvent.PHONE_NUMBER_UPDATE -> rules.phoneNumber("data.payload.phoneNumber",
                    JsonBodies.requiredText(payload, "phoneNumber", "data.payload.phoneNumber"));
            default -> payloadId(payload, "id");
        };
        final var status = JsonBodies.optionalText(payload, "status", "data.payload.status");
        return new TelnyxNumberOrderEvent(
                eventId,
                eventType,
                occurredAt,
                objectId,
                tenDlc ? rules.id("data.payload.campaignId",
                        JsonBodies.optionalText(payload, "campaignId", "data.payload.campaignId")) : null,
                // 10DLC statuses come upper-case (ACCEPTED, DORMANT) as well as lower-case (success)
                rules.word("data.payload.status", tenDlc && status != null ? status.toLowerCase(Locale.ROOT) : status),
                rules.text("data.payload.customer_reference",
                        JsonBodies.optionalText(payload, "customer_reference", "data.payload.customer_reference")));
    }

    private String payloadId(final JsonNode payload, final String name) {
        return rules.id("data.payload." + name, JsonBodies.requiredText(payload, name, "data.payload." + name));
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
