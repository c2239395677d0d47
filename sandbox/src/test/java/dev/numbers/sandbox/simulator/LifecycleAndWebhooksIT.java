package dev.numbers.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LifecycleAndWebhooksIT {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private ProviderSimulator sim;
    private SimClient client;
    private WebhookReceiver receiver;
    private final String campaign = UUID.randomUUID().toString();

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
        sim = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(40))
                .withTelnyxWebhookUrl(receiver.url("/telnyx")));
        sim.registerCampaign(campaign);
        client = new SimClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    private String placeOrder(String... numbers) throws Exception {
        final String list = String.join("\",\"", numbers);
        final var r = client.sw("POST", "/registry/beta/campaigns/" + campaign + "/orders",
                "{\"phone_numbers\":[\"" + list + "\"],\"status_callback_url\":\"" + receiver.url("/sw") + "\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("state").asText()).isEqualTo("pending");
        return r.body().get("id").asText();
    }

    private List<String> eventTypes() {
        return receiver.received().stream().map(r -> json(r).path("event_type").asText()).toList();
    }

    private static JsonNode json(WebhookReceiver.Received r) {
        try {
            return SimClient.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void assignmentOrderIsProcessedAndItsAssignmentCompleted() throws Exception {
        final String order = placeOrder("+15550004001");
        await().atMost(WAIT).until(() -> sim.assignmentStates("+15550004001").equals(List.of("completed")));
        assertThat(sim.order(order)).contains("processed");
        final var got = client.sw("GET", "/registry/beta/orders/" + order, null).body();
        assertThat(got.get("state").asText()).isEqualTo("processed");
        assertThat(got.get("processed_at").isTextual()).isTrue();
        final var completed = client.sw("GET", "/registry/beta/campaigns/" + campaign
                + "/numbers?filter_state=completed", null);
        assertThat(completed.body().at("/data/0/phone_number/number").asText()).isEqualTo("+15550004001");
        assertThat(client.sw("GET", "/registry/beta/campaigns/" + campaign + "/orders?filter_state=pending", null)
                .body().get("data")).isEmpty();
    }

    @Test
    void signalWireCallbacksCarryAValidHmacSha1OfUrlAndBody() throws Exception {
        final String order = placeOrder("+15550004002");
        await().atMost(WAIT).until(() -> eventTypes().containsAll(
                List.of("number_assignment_order_processed", "number_assignment_activated")));
        final Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(sim.config().webhookSigningKey().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        for (var r : receiver.received()) {
            mac.update(receiver.url("/sw").getBytes(StandardCharsets.UTF_8));
            final String expected = HexFormat.of().formatHex(mac.doFinal(r.body()));
            assertThat(r.header("X-SignalWire-Signature")).isEqualTo(expected);
            final JsonNode payload = json(r);
            assertThat(payload.get("project_id").asText()).isEqualTo(sim.config().signalWireProjectId());
            assertThat(payload.get("campaign_id").asText()).isEqualTo(campaign);
            assertThat(payload.get("number_assignment_order_id").asText()).isEqualTo(order);
            assertThat(payload.get("brand_id").asText()).isNotBlank();
            assertThat(payload.get("event_at").asText()).isNotBlank();
        }
        final JsonNode activated = receiver.received().stream().map(LifecycleAndWebhooksIT::json)
                .filter(p -> p.get("event_type").asText().equals("number_assignment_activated")).findFirst()
                        .orElseThrow();
        assertThat(activated.get("event_category").asText()).isEqualTo("number_assignment");
        assertThat(activated.get("state").asText()).isEqualTo("completed");
        assertThat(activated.get("phone_number").asText()).isEqualTo("+15550004002");
    }

    @Test
    void failOnceNumberFailsThenReturnsToPendingThenCompletes() throws Exception {
        sim.failOnceNumber("+15550004003");
        placeOrder("+15550004003");
        await().atMost(WAIT).until(() -> eventTypes().contains("number_assignment_activated"));
        assertThat(eventTypes()).containsSubsequence("number_assignment_failed", "number_assignment_pending",
                "number_assignment_activated");
        assertThat(sim.assignmentStates("+15550004003")).containsExactly("completed");
    }

    @Test
    void telnyxNumberOrderCompleteIsSignedWithEd25519() throws Exception {
        final String id = client.telnyx("POST", "/number_orders",
                "{\"phone_numbers\":[{\"phone_number\":\"+15550004004\"}],\"customer_reference\":\"t-1\"}")
                .body().at("/data/id").asText();
        await().atMost(WAIT).until(() -> !receiver.received().isEmpty());
        final var r = receiver.received().getFirst();
        final Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(sim.telnyxPublicKey());
        verifier.update((r.header("telnyx-timestamp") + "|").getBytes(StandardCharsets.UTF_8));
        verifier.update(r.body());
        assertThat(verifier.verify(Base64.getDecoder().decode(r.header("telnyx-signature-ed25519")))).isTrue();
        assertThat(Long.parseLong(r.header("telnyx-timestamp")))
                .isCloseTo(System.currentTimeMillis() / 1000, Offset.offset(30L));
        final JsonNode envelope = json(r);
        assertThat(envelope.at("/data/event_type").asText()).isEqualTo("number_order.complete");
        assertThat(envelope.at("/data/record_type").asText()).isEqualTo("event");
        assertThat(envelope.at("/data/payload/id").asText()).isEqualTo(id);
        assertThat(envelope.at("/data/payload/status").asText()).isEqualTo("success");
        assertThat(envelope.at("/meta/attempt").asInt()).isEqualTo(1);
        assertThat(envelope.at("/meta/delivered_to").asText()).isEqualTo(receiver.url("/telnyx"));
    }

    @Test
    void aRefusedWebhookIsRetried() throws Exception {
        receiver.refuseNext(1);
        client.telnyx("POST", "/number_orders", "{\"phone_numbers\":[{\"phone_number\":\"+15550004005\"}]}");
        await().atMost(WAIT).until(() -> receiver.received().size() == 2);
        assertThat(json(receiver.received().get(1)).at("/meta/attempt").asInt()).isEqualTo(2);
        await().atMost(WAIT).until(() -> sim.webhooksSent().size() == 2);
        assertThat(sim.webhooksSent()).extracting(SentWebhook::status).containsExactly(500, 204);
    }

    @Test
    void duplicateDeliverySendsEveryWebhookTwice() throws Exception {
        sim.duplicateWebhooks(true);
        placeOrder("+15550004006");
        await().atMost(WAIT).until(() -> receiver.received().size() == 4);
        assertThat(eventTypes()).filteredOn("number_assignment_activated"::equals).hasSize(2);
        assertThat(eventTypes()).filteredOn("number_assignment_order_processed"::equals).hasSize(2);
    }

    @Test
    void outOfOrderDeliveryShowsTheLaterStateFirst() throws Exception {
        sim.outOfOrderWebhooks(true);
        placeOrder("+15550004007");
        await().atMost(WAIT).until(() -> receiver.received().size() == 2);
        assertThat(eventTypes()).containsExactly("number_assignment_activated", "number_assignment_order_processed");
    }
}
