package dev.numbers.connector.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small, null-tolerant readers for provider JSON, shared by the per-provider mappers. */
public final class Json {

    /**
     * With a buffer pool shared by all threads: Jackson's default pool is per thread, and every request runs on a
     * virtual thread of its own, so each parse and each write allocated fresh char buffers (13 % of what the
     * connector allocated in a profiled backlog). Bounded (Jackson's shared bounded pool keeps at most 100), so a
     * thousand requests in flight do not leave a thousand sets of buffers behind.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedBoundedPool()).build());

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

    /** A tree as JSON text through {@link #MAPPER}'s pooled buffers ({@code JsonNode.toString} has its own). */
    public static String write(final JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree cannot be written", e);
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
            return IsoInstant.parse(value);
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
