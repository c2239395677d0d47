package dev.numbers.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a bridge's {@code GET /health} as a probe would: the HTTP status and one component's status and details. */
public final class Health {

    /** One component of the answer; {@code http} is 200 when everything is UP, 503 otherwise. */
    public record Component(int http, String status, JsonNode details) {

        public String detail(final String name) {
            return details.path(name).asText("");
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Health() {
    }

    /** The HTTP status of {@code /health/liveness} or {@code /health/readiness}. */
    public static int probe(final String baseUrl, final String kind) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health/" + kind))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    public static Component of(final String baseUrl, final String component) throws Exception {
        final var response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        final var node = JSON.readTree(response.body()).path("details").path(component);
        return new Component(response.statusCode(), node.path("status").asText("MISSING"), node.path("details"));
    }
}
