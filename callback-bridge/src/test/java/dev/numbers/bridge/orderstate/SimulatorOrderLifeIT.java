package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.OrderStateReader;
import dev.numbers.bridge.SimulatorOrders;
import dev.numbers.bridge.TestBridge;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SentWebhook;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.StateSource;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The provider simulator itself calls the running bridge: SignalWire 10DLC callbacks signed with HMAC-SHA1 over the
 * URL it calls (the bridge's public base URL), Telnyx webhooks signed with Ed25519. Nothing is signed by the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatorOrderLifeIT {

    // long enough for the test to publish the connector's result and see it in the correlation table before the first
    // callback: in production the result is usually there long before SignalWire calls back
    private static final Duration LIFECYCLE_STEP = Duration.ofMillis(1200);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();
    private TestBridge.Topics topics;
    private ProviderSimulator simulator;
    private TestBridge bridge;

    @BeforeAll
    void start() throws Exception {
        topics = TestBridge.Topics.unique(suffix, 2);
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(LIFECYCLE_STEP));
        bridge = TestBridge.start(topics, "bridge-sim-" + suffix, Map.of(
                "bridge.webhooks.signalwire-signing-key", simulator.config().webhookSigningKey(),
                "bridge.webhooks.telnyx-public-key", simulator.telnyxPublicKeyBase64()));
        simulator.telnyxWebhookUrl(bridge.baseUrl() + "/webhooks/telnyx");
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void assignmentOrderWithARetriedNumberIsFollowedFromTheSimulatorsSignedCallbacks() throws Exception {
        final var campaignId = UUID.randomUUID().toString();
        final var requestId = "req-sw-" + suffix;
        simulator.registerCampaign(campaignId).failOnceNumber("+15551240003");

        final var orderId = createAssignmentOrder(campaignId, "+15551240001", "+15551240002", "+15551240003");
        TestBridge.publishCreatedOrder(topics.results(), requestId, Provider.SIGNALWIRE, orderId);
        await().atMost(LIFECYCLE_STEP.multipliedBy(10)).until(() -> bridge.knowsRequestOf(orderId));

        final var events = OrderStateReader.eventsOf(topics.states(), orderId, seen -> seen.size() >= 6);

        assertThat(sequenceOf(events, "+15551240001")).containsExactly("null->completed");
        assertThat(sequenceOf(events, "+15551240002")).containsExactly("null->completed");
        assertThat(sequenceOf(events, "+15551240003"))
                .containsExactly("null->failed", "failed->pending", "pending->completed");
        assertThat(events.stream().filter(e -> e.getObjectId().equals(orderId))
                .map(e -> e.getPreviousState() + "->" + e.getState())).containsExactly("null->processed");
        assertThat(events).hasSize(6).allSatisfy(e -> {
            assertThat(e.getRequestId()).isEqualTo(requestId);
            assertThat(e.getProvider()).isEqualTo(Provider.SIGNALWIRE);
            assertThat(e.getSource()).isEqualTo(StateSource.WEBHOOK);
            assertThat(e.getCampaignId()).isEqualTo(campaignId);
            assertThat(e.getProjectId()).isEqualTo(simulator.config().signalWireProjectId());
        });
        // every callback the simulator signed was verified and accepted at the first attempt
        assertThat(callbacksTo("/webhooks/signalwire/10dlc")).hasSize(6)
                .allSatisfy(w -> assertThat(w.status()).isEqualTo(200));

        final var view = getOrder(orderId);
        assertThat(view.get("state").asText()).isEqualTo("processed");
        assertThat(view.get("requestId").asText()).isEqualTo(requestId);
        assertThat(view.get("assignments")).hasSize(3);
        view.get("assignments").forEach(a -> assertThat(a.get("state").asText()).isEqualTo("completed"));
    }

    @Test
    void telnyxNumberOrderIsCompletedByTheSimulatorsEd25519SignedWebhook() throws Exception {
        final var requestId = "req-tx-" + suffix;
        final var orderId = createTelnyxOrder("+15551240011");
        TestBridge.publishCreatedOrder(topics.results(), requestId, Provider.TELNYX, orderId);
        await().atMost(LIFECYCLE_STEP.multipliedBy(10)).until(() -> bridge.knowsRequestOf(orderId));

        // on a loaded machine the webhook may come before the topology read the result: then its uncorrelated copy
        // comes first, and the same transition again with the request id (docs/bridge.md, correlation)
        final var events = OrderStateReader.eventsOf(topics.states(), orderId,
                seen -> seen.stream().anyMatch(e -> e.getRequestId() != null));

        assertThat(events).hasSizeBetween(1, 2).last().satisfies(e -> {
            assertThat(e.getProvider()).isEqualTo(Provider.TELNYX);
            assertThat(e.getEventType()).isEqualTo("number_order.complete");
            assertThat(e.getPreviousState()).isNull();
            assertThat(e.getState()).isEqualTo("success");
            assertThat(e.getRequestId()).isEqualTo(requestId);
        });
        assertThat(getOrder(orderId).get("state").asText()).isEqualTo("success");
    }

    @Test
    void telnyxTenDlcBrandCampaignAndNumberAreFollowedFromTheSimulatorsSignedWebhooks() throws Exception {
        final var webhookUrl = bridge.baseUrl() + "/webhooks/telnyx";
        final var brandId = SimulatorOrders.telnyx(simulator, "/10dlc/brand",
                Map.of("displayName", "ABC Mobile", "webhookURL", webhookUrl)).get("brandId").asText();
        final var campaignId = SimulatorOrders.telnyx(simulator, "/10dlc/campaignBuilder",
                Map.of("brandId", brandId, "webhookURL", webhookUrl)).get("campaignId").asText();
        final var number = "+15551240031";
        SimulatorOrders.telnyx(simulator, "/10dlc/phone_number_campaigns",
                Map.of("phoneNumber", number, "campaignId", campaignId));

        assertThat(OrderStateReader.eventsOf(topics.objects(), brandId, seen -> !seen.isEmpty()))
                .singleElement().satisfies(e -> {
                    assertThat(e.getProvider()).isEqualTo(Provider.TELNYX);
                    assertThat(e.getEventType()).isEqualTo("10dlc.brand.update");
                    assertThat(e.getState()).isEqualTo("success");
                    assertThat(e.getSignatureVerified()).isTrue();
                });
        assertThat(OrderStateReader.eventsOf(topics.objects(), campaignId, seen -> !seen.isEmpty()))
                .extracting(e -> e.getCategory() + " " + e.getState()).containsExactly("campaign accepted");
        assertThat(OrderStateReader.eventsOf(topics.objects(), number, seen -> !seen.isEmpty()))
                .extracting(e -> e.getCategory() + " " + e.getState() + " " + e.getCampaignId())
                .containsExactly("number_assignment assigned " + campaignId);
        assertThat(served("brand", brandId).get("state").asText()).isEqualTo("success");
        assertThat(served("campaign", campaignId).get("state").asText()).isEqualTo("accepted");
        assertThat(served("number_assignment", number).get("provider").asText()).isEqualTo("TELNYX");
        assertThat(callbacksTo("/webhooks/telnyx")).filteredOn(w -> w.eventType().startsWith("10dlc."))
                .as("signed like every Telnyx webhook, accepted at the first attempt").hasSize(3)
                .allSatisfy(w -> assertThat(w.status()).isEqualTo(200));
    }

    private JsonNode served(final String kind, final String id) throws Exception {
        final var response = http.send(HttpRequest.newBuilder(URI.create(bridge.managementUrl() + "/objects/" + kind
                + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void exportsTheOrderStateLagAndTheStreamsConsumersRecordsLagAfterTraffic() throws Exception {
        final var orderId = createTelnyxOrder("+15551240021");
        OrderStateReader.eventsOf(topics.states(), orderId, seen -> !seen.isEmpty());

        final var metrics = http.send(HttpRequest.newBuilder(URI.create(bridge.managementUrl() + "/prometheus"))
                .build(),
                HttpResponse.BodyHandlers.ofString()).body();

        final var count = Pattern.compile("(?m)^bridge_orderstate_lag_seconds_count(\\{[^}]*})? (\\S+)$")
                .matcher(metrics);
        assertThat(count.find()).as("bridge_orderstate_lag_seconds_count in\n%s", metrics).isTrue();
        assertThat(Double.parseDouble(count.group(2))).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("bridge_orderstate_lag_seconds{quantile=\"0.99\"");
        assertThat(metrics).containsPattern("(?m)^kafka_consumer_fetch_manager_records_lag_max\\{");
    }

    private String createAssignmentOrder(final String campaignId, final String... numbers) throws Exception {
        return SimulatorOrders.assignmentOrder(simulator, bridge.baseUrl() + "/webhooks/signalwire/10dlc", campaignId,
                numbers);
    }

    private String createTelnyxOrder(final String number) throws Exception {
        return SimulatorOrders.telnyxOrder(simulator, number);
    }

    private List<SentWebhook> callbacksTo(final String path) {
        return simulator.webhooksSent().stream().filter(w -> w.url().equals(bridge.baseUrl() + path)).toList();
    }

    private static List<String> sequenceOf(final List<OrderStateEvent> events, final String phoneNumber) {
        return events.stream().filter(e -> phoneNumber.equals(e.getPhoneNumber()))
                .map(e -> e.getPreviousState() + "->" + e.getState()).toList();
    }

    private JsonNode getOrder(final String orderId) throws Exception {
        final var response = http.send(HttpRequest.newBuilder(URI.create(bridge.managementUrl() + "/orders/" + orderId))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
