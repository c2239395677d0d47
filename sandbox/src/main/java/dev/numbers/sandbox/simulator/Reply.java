package dev.numbers.sandbox.simulator;

import java.util.Map;

/** What a handler answers; {@code body} is serialised with Jackson. */
record Reply(int status, Object body, Map<String, String> headers) {

    static Reply of(int status, Object body) {
        return new Reply(status, body, Map.of());
    }

    /** A reply without a body (204 No Content). */
    static Reply empty(int status) {
        return new Reply(status, null, Map.of());
    }
}
