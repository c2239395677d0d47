package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/** Reading request bodies and writing webhook bodies, the same way for every handler. */
final class JsonBodies {

    private final ObjectMapper json;

    JsonBodies(ObjectMapper json) {
        this.json = json;
    }

    ObjectMapper mapper() {
        return json;
    }

    /** The body as JSON; null when it is empty or not JSON. */
    JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean hasFieldsOtherThan(JsonNode body, Set<String> allowed) {
        for (var it = body.fieldNames(); it.hasNext(); ) {
            if (!allowed.contains(it.next())) {
                return true;
            }
        }
        return false;
    }

    /** A text field, or null when absent or JSON null. */
    static String text(JsonNode body, String field) {
        final JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
