package dev.numbers.sandbox.simulator;

import java.util.List;
import java.util.Map;

/**
 * One request as the simulator received it; the Authorization header is left out on purpose. {@code traceparent} is
 * the W3C trace context the caller sent (null when none), so a test can follow a request's trace to the provider.
 */
public record RecordedRequest(String method, String path, String query, String body, Map<String, List<String>> headers,
                              String traceparent) {
}
