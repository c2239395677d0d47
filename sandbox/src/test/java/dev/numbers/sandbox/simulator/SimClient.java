package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Minimal HTTP client for the simulator tests, speaking as a SignalWire or Telnyx customer. */
final class SimClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ProviderSimulator sim;

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    SimClient(ProviderSimulator sim) {
        this.sim = sim;
    }

    String basic() {
        final SimulatorConfig c = sim.config();
        return "Basic " + Base64.getEncoder().encodeToString(
                (c.signalWireProjectId() + ":" + c.signalWireToken()).getBytes(StandardCharsets.UTF_8));
    }

    String bearer() {
        return "Bearer " + sim.config().telnyxApiKey();
    }

    Response sw(String method, String path, String body) throws IOException, InterruptedException {
        return send(sim.signalWireBaseUrl() + path, method, body, basic(), Duration.ofSeconds(10));
    }

    Response telnyx(String method, String path, String body) throws IOException, InterruptedException {
        return send(sim.telnyxBaseUrl() + path, method, body, bearer(), Duration.ofSeconds(10));
    }

    Response send(String url, String method, String body, String authorization, Duration timeout)
            throws IOException, InterruptedException {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        final HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body().isEmpty() ? null : tree(r.body()), r);
    }

    /** The body as JSON; a missing node when it is not JSON (junk answers), the text stays in {@code raw}. */
    private static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }
}
