package dev.numbers.bridge.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.webhook.WebhookRejected.Reason;
import java.io.IOException;

/** Reads a webhook body that must be a JSON object; anything else is the provider's 400. */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static JsonNode object(final ObjectMapper json, final byte[] rawBody) {
        final JsonNode root;
        try {
            root = json.readTree(rawBody);
        } catch (JacksonException e) {
            throw WebhookRejected.invalid(Reason.NOT_JSON, "body is not valid JSON");
        } catch (IOException e) {
            throw WebhookRejected.invalid(Reason.NOT_JSON, "body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw WebhookRejected.invalid(Reason.NOT_JSON, "body must be a JSON object");
        }
        return root;
    }

    /** A field that must be a string when present; null when absent or JSON null. */
    public static String optionalText(final JsonNode node, final String field, final String path) {
        final var value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw WebhookRejected.invalid(Reason.WRONG_TYPE, "field " + path + " must be a string");
        }
        return value.asText();
    }

    /** A field that must be a string and present. */
    public static String requiredText(final JsonNode node, final String field, final String path) {
        final var value = optionalText(node, field, path);
        if (value == null) {
            throw WebhookRejected.invalid(Reason.MISSING_FIELD, "missing required field " + path);
        }
        return value;
    }
}
