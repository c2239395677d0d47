package dev.numbers.sandbox.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook bodies the simulator puts on the wire, checked against the 10DLC status-callback model
 * (signalwire-10dlc-status-callback.tsp, transcribed to JSON Schema) and Telnyx's event envelope, so the bridge's
 * parsers are tested against the documented shape rather than against whatever the simulator happens to send.
 */
class WebhookPayloadConformanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Received(String path, String body) {
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static ProviderSimulator sim;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                RECEIVED.add(new Received(exchange.getRequestURI().getPath(),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        sim = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(20)));
        sim.telnyxWebhookUrl(receiverUrl("/telnyx"));
    }

    @AfterAll
    static void stop() {
        sim.close();
        receiver.stop(0);
    }

    @Test
    void everyTenDlcCallbackOfAnOrderWithAFailingNumberMatchesTheCallbackModel() throws Exception {
        final String campaign = UUID.randomUUID().toString();
        sim.registerCampaign(campaign);
        sim.failOnceNumber("+17205550402");
        final String path = "/sw/" + campaign;
        final HttpResponse<String> created = send(sim.signalWireBaseUrl() + "/registry/beta/campaigns/" + campaign
                        + "/orders", basic(),
                "{\"phone_numbers\":[\"+17205550401\",\"+17205550402\"],\"status_callback_url\":\""
                        + receiverUrl(path) + "\"}");
        assertThat(created.statusCode()).isEqualTo(200);

        // order processed, one number activated, the other failed -> pending -> activated
        await().atMost(Duration.ofSeconds(10)).until(() -> bodies(path).size() >= 5);
        final List<JsonNode> callbacks = bodies(path);
        for (JsonNode callback : callbacks) {
            assertThat(SpecSchemas.violations(SpecSchemas.TEN_DLC, callback)).as("callback %s", callback).isEmpty();
        }
        assertThat(callbacks).extracting(c -> c.path("event_type").asText()).contains(
                "number_assignment_order_processed", "number_assignment_activated",
                "number_assignment_failed", "number_assignment_pending");
    }

    @Test
    void numberOrderCompleteEventsForSuccessAndFailureMatchTelnyxsEnvelope() throws Exception {
        sim.markUnavailable("+17205550499");
        final String bearer = "Bearer " + sim.config().telnyxApiKey();
        send(sim.telnyxBaseUrl() + "/number_orders", bearer,
                "{\"phone_numbers\":[{\"phone_number\":\"+17205550498\"}],\"customer_reference\":\"ok-1\"}");
        send(sim.telnyxBaseUrl() + "/number_orders", bearer,
                "{\"phone_numbers\":[{\"phone_number\":\"+17205550499\"}],\"customer_reference\":\"bad-1\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> bodies("/telnyx").size() >= 2);
        final List<JsonNode> events = bodies("/telnyx");
        for (JsonNode event : events) {
            assertThat(SpecSchemas.violations(SpecSchemas.TELNYX_EVENT, event)).as("event %s", event).isEmpty();
        }
        assertThat(events).extracting(e -> e.at("/data/payload/status").asText()).contains("success", "failure");
    }

    @Test
    void theCallbackModelRejectsAnAssignmentEventWithoutItsPhoneNumber() {
        final ObjectNode event = JSON.createObjectNode()
                .put("project_id", "p").put("event_at", "2026-01-01T00:00:00Z")
                .put("event_category", "number_assignment").put("event_type", "number_assignment_activated")
                .put("state", "completed").put("brand_id", "b").put("campaign_id", "c")
                .put("number_assignment_order_id", "o").put("number_assignment_id", "a").put("phone_number_id", "n");
        assertThat(SpecSchemas.violations(SpecSchemas.TEN_DLC, event)).isNotEmpty();
        event.put("phone_number", "+17205550401");
        assertThat(SpecSchemas.violations(SpecSchemas.TEN_DLC, event)).isEmpty();
    }

    private static List<JsonNode> bodies(String path) {
        return RECEIVED.stream().filter(r -> r.path().equals(path)).map(r -> {
            try {
                return JSON.readTree(r.body());
            } catch (IOException e) {
                return JSON.createObjectNode().put("unparseable", r.body());
            }
        }).toList();
    }

    private static String receiverUrl(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (sim.config().signalWireProjectId() + ":" + sim.config().signalWireToken())
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String url, String authorization, String body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
