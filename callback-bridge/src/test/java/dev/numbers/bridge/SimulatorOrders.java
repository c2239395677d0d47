package dev.numbers.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Places orders at a provider simulator over its real HTTP API, with the simulator's own credentials, the way the
 * connector would; the simulator then calls the bridge back with its signed webhooks.
 */
public final class SimulatorOrders {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SimulatorOrders() {
    }

    /** A SignalWire assignment order whose 10DLC callbacks go to {@code callbackUrl}; returns the order id. */
    public static String assignmentOrder(final ProviderSimulator sim, final String callbackUrl,
            final String campaignId, final String... numbers) throws Exception {
        final var body = JSON.writeValueAsString(Map.of("phone_numbers", List.of(numbers),
                "status_callback_url", callbackUrl));
        final var auth = "Basic " + Base64.getEncoder().encodeToString((sim.config().signalWireProjectId() + ":"
                + sim.config().signalWireToken()).getBytes(StandardCharsets.UTF_8));
        return post(sim.signalWireBaseUrl() + "/registry/beta/campaigns/" + campaignId + "/orders", auth, body)
                .get("id").asText();
    }

    /** A Telnyx number order for one number; its webhook goes to the simulator's Telnyx webhook URL. */
    public static String telnyxOrder(final ProviderSimulator sim, final String number) throws Exception {
        final var body = JSON.writeValueAsString(Map.of("phone_numbers", List.of(Map.of("phone_number", number))));
        return post(sim.telnyxBaseUrl() + "/number_orders", "Bearer " + sim.config().telnyxApiKey(), body)
                .get("data").get("id").asText();
    }

    /** A call to the simulator's Telnyx API (e.g. {@code /10dlc/brand}) with its key; returns the answer's body. */
    public static JsonNode telnyx(final ProviderSimulator sim, final String path, final Map<String, String> body)
            throws Exception {
        return post(sim.telnyxBaseUrl() + path, "Bearer " + sim.config().telnyxApiKey(), JSON.writeValueAsString(body));
    }

    private static JsonNode post(final String url, final String authorization, final String body) throws Exception {
        final var response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }
}
