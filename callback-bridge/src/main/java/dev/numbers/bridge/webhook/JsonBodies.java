package dev.numbers.bridge.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
            throw WebhookRejected.malformed("body is not valid JSON");
        } catch (IOException e) {
            throw WebhookRejected.malformed("body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw WebhookRejected.malformed("body must be a JSON object");
        }
        return root;
    }
}
