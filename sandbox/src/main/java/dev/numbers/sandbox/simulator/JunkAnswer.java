package dev.numbers.sandbox.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A provider answer gone wrong, for calls that name one number or campaign ({@link Faults#junk}). The operation is
 * performed as usual; only what the client reads back is broken, as with a provider bug or a proxy in the way.
 */
public enum JunkAnswer {
    /** 200 with a body that is not JSON. */
    BAD_JSON,
    /** 200 with JSON whose fields have the wrong types: objects for ids, a string for the data list. */
    WRONG_TYPES,
    /** 200 with the real answer plus a {@code name}/{@code padding} field of {@link #HUGE_CHARS} characters. */
    HUGE_BODY,
    /** A list page whose links.next points to another host. */
    OFF_HOST_NEXT,
    /** A list page whose links.next points back to itself. */
    LOOPING_NEXT,
    /** A list page whose links.next is not a URI. */
    JUNK_NEXT,
    /** A list page whose links.next is a relative path to nothing on the same host (it answers 404). */
    DEAD_NEXT,
    /** A list page whose links.next always names one more page on the same host: pagination without end. */
    ENDLESS_NEXT;

    /** Three million characters: over the connector's result limit, under the HTTP client's 10 MB body limit. */
    public static final int HUGE_CHARS = 3_000_000;

    /** Raw text written as the body without JSON encoding. */
    record Raw(String text) {
    }

    Reply apply(final Reply real, final Call call) {
        if (real.status() / 100 != 2) {
            return real;
        }
        final Map<String, Object> body = real.body() instanceof Map<?, ?> map ? copy(map) : new LinkedHashMap<>();
        return switch (this) {
            case BAD_JSON -> new Reply(200, new Raw("{\"id\": \"truncated"), real.headers());
            case WRONG_TYPES -> {
                body.put("id", Map.of("nested", 1));
                body.put("number", List.of(12025550123L));
                body.put("data", "not a list");
                body.put("created_at", 12345);
                yield new Reply(200, body, real.headers());
            }
            case HUGE_BODY -> {
                body.put(body.containsKey("data") ? "padding" : "name", "x".repeat(HUGE_CHARS));
                yield new Reply(200, body, real.headers());
            }
            case OFF_HOST_NEXT -> next(body, real, "http://evil.example/api/relay/rest/steal?page=2");
            case LOOPING_NEXT -> next(body, real, selfLink(call));
            case JUNK_NEXT -> next(body, real, "ht tp://:::not a uri");
            case DEAD_NEXT -> next(body, real, "no/such/page");
            case ENDLESS_NEXT -> next(body, real, selfLink(call) + (call.path().contains("?") ? "&" : "?") + "n="
                    + (Integer.parseInt(call.queryOr("n", "0")) + 1));
        };
    }

    private static Reply next(final Map<String, Object> body, final Reply real, final String next) {
        final Map<String, Object> links = body.get("links") instanceof Map<?, ?> map ? copy(map)
                : new LinkedHashMap<>();
        links.put("self", links.getOrDefault("self", "/"));
        links.put("first", links.getOrDefault("first", "/"));
        links.put("next", next);
        body.put("links", links);
        return new Reply(200, body, real.headers());
    }

    private static String selfLink(final Call call) {
        return call.baseUrl() + call.path();
    }

    private static Map<String, Object> copy(final Map<?, ?> map) {
        final var copy = new LinkedHashMap<String, Object>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }
}
