package dev.numbers.sandbox.simulator;

import java.util.List;
import java.util.Map;

/** One request as the simulator received it; the Authorization header is left out on purpose. */
public record RecordedRequest(String method, String path, String query, String body, Map<String, List<String>> headers) {
}
