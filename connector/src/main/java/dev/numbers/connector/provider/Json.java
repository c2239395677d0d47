package dev.numbers.connector.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Small, null-tolerant readers for provider JSON, shared by the per-provider mappers. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A tree for the body; a missing node when the body is absent or not JSON (the raw text is kept elsewhere). */
    public static JsonNode parse(final String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(body);
        } catch (Exception notJson) {
            return MissingNode.getInstance();
        }
    }

    public static String text(final JsonNode node, final String field) {
        final var value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    /** A field the provider promises; {@code who} names the provider in the error when it is absent. */
    public static String required(final JsonNode node, final String field, final String who) {
        final var value = node.path(field);
        if (value.isNull() || value.isMissingNode()) {
            throw new IllegalArgumentException(who + " answer has no " + field);
        }
        // An object or array here would read as "" and pass for an id: a wrong type is no answer.
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw new IllegalArgumentException(who + " answer has a " + value.getNodeType() + " where " + field
                    + " should be text");
        }
        return value.asText();
    }

    public static Boolean bool(final JsonNode node, final String field) {
        final var value = node.path(field);
        return value.isBoolean() ? value.booleanValue() : null;
    }

    public static Integer integer(final JsonNode node, final String field) {
        final var value = node.path(field);
        return value.isNumber() ? value.intValue() : null;
    }

    public static Instant instant(final JsonNode node, final String field) {
        final var value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (RuntimeException notIso) {
            return null;
        }
    }

    public static List<String> strings(final JsonNode node, final String field) {
        final var values = new ArrayList<String>();
        node.path(field).forEach(item -> values.add(item.asText()));
        return values;
    }
}
