package dev.numbers.sandbox.simulator;

import java.util.Map;

/** A parsed provider request: path relative to the provider base, decoded query parameters and raw body. */
record Call(String method, String path, Map<String, String> query, byte[] body, String account, String baseUrl) {

    String queryOr(String name, String fallback) {
        final String v = query.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
