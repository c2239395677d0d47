package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.OrderStateReader;
import dev.numbers.bridge.TestBridge;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One assignment order with three numbers, one of which fails and is retried, told by signed 10DLC callbacks, with a
 * redelivery and a late stale event thrown in: the order-state events come out in order, correlated to the request,
 * and {@code GET /orders/{id}} answers the final state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderLifeIT {

    private static final String SIGNING_KEY = "test-only-signing-key";
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private TestBridge.Topics topics;
    private TestBridge bridge;
    private String baseUrl;

    @BeforeAll
    void start() throws Exception {
        topics = TestBridge.Topics.unique(suffix, 2);
        bridge = TestBridge.start(topics, "bridge-it-" + suffix,
                Map.of("bridge.webhooks.signalwire-signing-key", SIGNING_KEY));
        baseUrl = bridge.baseUrl();
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void followsAnOrdersWholeLifeInEventOrderCorrelatedToItsRequest() throws Exception {
        final var orderId = UUID.randomUUID().toString();
        final var requestId = "req-" + suffix;
        TestBridge.publishCreatedOrder(topics.results(), requestId, Provider.SIGNALWIRE, orderId);
        await().atMost(Duration.ofSeconds(60)).until(() -> bridge.knowsRequestOf(orderId));

        post(assignment(orderId, "a1", "+15551230001", "number_assignment_pending", "pending", 1));
        post(assignment(orderId, "a2", "+15551230002", "number_assignment_pending", "pending", 2));
        post(assignment(orderId, "a3", "+15551230003", "number_assignment_pending", "pending", 3));
        post(assignment(orderId, "a3", "+15551230003", "number_assignment_failed", "failed", 4));
        post(assignment(orderId, "a3", "+15551230003", "number_assignment_pending", "pending", 5));
        post(assignment(orderId, "a1", "+15551230001", "number_assignment_activated", "completed", 6));
        post(assignment(orderId, "a1", "+15551230001", "number_assignment_activated", "completed", 6)); // redelivery
        post(assignment(orderId, "a1", "+15551230001", "number_assignment_pending", "pending", 0)); // late and stale
        post(assignment(orderId, "a2", "+15551230002", "number_assignment_activated", "completed", 7));
        post(assignment(orderId, "a3", "+15551230003", "number_assignment_activated", "completed", 8));
        post(order(orderId, "processed", 9));

        // a1's redelivery and stale event travel the same partition as this later report: once it is out, they were
        // seen
        OrderStateReader.eventsOf(topics.states(), orderId,
                seen -> seen.stream().anyMatch(e -> e.getObjectId().equals(orderId)));
        post(assignment(orderId, "a1", "+15551230001", "number_assignment_activated", "completed", 10));
        final var events = OrderStateReader.eventsOf(topics.states(), orderId, seen -> seen.stream()
                .anyMatch(e -> e.getObjectId().equals("a1") && e.getEventAt().equals(T0.plusSeconds(600))));

        // each object's states in event order; objects interleave as their webhooks arrive
        assertThat(sequenceOf(events, "a1")).containsExactly("null->pending", "pending->completed",
                "completed->completed");
        assertThat(sequenceOf(events, "a2")).containsExactly("null->pending", "pending->completed");
        assertThat(sequenceOf(events, "a3"))
                .containsExactly("null->pending", "pending->failed", "failed->pending", "pending->completed");
        assertThat(sequenceOf(events, orderId)).containsExactly("null->processed");
        assertThat(events).hasSize(10);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getRequestId()).isEqualTo(requestId);
            assertThat(e.getOrderId()).isEqualTo(orderId);
            assertThat(e.getProvider()).isEqualTo(Provider.SIGNALWIRE);
        });

        final var view = getOrder(orderId);
        assertThat(view.get("state").asText()).isEqualTo("processed");
        assertThat(view.get("requestId").asText()).isEqualTo(requestId);
        assertThat(view.get("assignments").get("a3").get("state").asText()).isEqualTo("completed");
        assertThat(view.get("assignments").get("a1").get("state").asText()).isEqualTo("completed");
    }

    @Test
    void anEventThatArrivesBeforeItsRequestsResultEndsCorrelated() throws Exception {
        final var orderId = UUID.randomUUID().toString();
        final var requestId = "req-early-" + suffix;
        post(assignment(orderId, "a1", "+15551230011", "number_assignment_pending", "pending", 1));
        final var early = OrderStateReader.eventsOf(topics.states(), orderId, seen -> !seen.isEmpty());
        assertThat(early).singleElement().satisfies(e -> assertThat(e.getRequestId()).isNull());

        TestBridge.publishCreatedOrder(topics.results(), requestId, Provider.SIGNALWIRE, orderId);

        final var events = OrderStateReader.eventsOf(topics.states(), orderId, seen -> seen.size() >= 2);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).getRequestId()).isEqualTo(requestId);
        assertThat(events.get(1).getObjectId()).isEqualTo("a1");
        assertThat(events.get(1).getState()).isEqualTo("pending");
        await().atMost(Duration.ofSeconds(30)).until(() -> bridge.knowsRequestOf(orderId));
        assertThat(getOrder(orderId).get("requestId").asText()).isEqualTo(requestId);
    }

    @Test
    void theSameSignedCallbackReplayedAfterAThousandNewerEventsIsNotEmittedAgain() throws Exception {
        final var orderId = UUID.randomUUID().toString();
        final var captured = assignment(orderId, "a0", "+15551230020", "number_assignment_pending", "pending", 0);
        post(captured);
        for (int i = 1; i <= 1_000; i++) {
            final var object = i % 2 == 0 ? "a1" : "a2";
            post(assignment(orderId, object, "+1555123002" + object.charAt(1), "number_assignment_pending", "pending",
                    i));
        }

        post(captured);
        // the marker travels the partition after the replay: once it is out, the replay was processed
        post(order(orderId, "processed", 1_001));
        final var events = OrderStateReader.eventsOf(topics.states(), orderId,
                seen -> seen.stream().anyMatch(e -> e.getObjectId().equals(orderId)));

        System.out.printf("OrderLifeIT: %d events of the order after the replay%n", events.size());
        assertThat(events).filteredOn(e -> e.getObjectId().equals("a0")).hasSize(1);
        assertThat(events).hasSize(1_002);
    }

    @Test
    void aBrandAndACampaignGoThroughTheirLivesToFinalStatesAndAreServed() throws Exception {
        final var brandId = "brand-" + suffix;
        final var campaignId = "campaign-" + suffix;
        post(tenDlc("brand", "brand_unverified", "unverified", brandId, null, 1));
        post(tenDlc("brand", "brand_activated", "activated", brandId, null, 2));
        post(tenDlc("campaign", "campaign_activated", "active", brandId, campaignId, 3));
        post(tenDlc("campaign", "campaign_deactivated", "deactivated", brandId, campaignId, 4));

        final var brand = OrderStateReader.eventsOf(topics.objects(), brandId, seen -> seen.size() >= 2);
        assertThat(brand).extracting(e -> e.getPreviousState() + "->" + e.getState())
                .containsExactly("null->unverified", "unverified->activated");
        assertThat(brand).allSatisfy(e -> assertThat(e.getCategory()).isEqualTo("brand"));
        final var campaign = OrderStateReader.eventsOf(topics.objects(), campaignId, seen -> seen.size() >= 2);
        assertThat(campaign).extracting(e -> e.getState() + " " + e.getFinalState())
                .containsExactly("active false", "deactivated true");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            final var servedBrand = getObject("brand", brandId);
            assertThat(servedBrand.statusCode()).as(servedBrand.body()).isEqualTo(200);
            assertThat(json.readTree(servedBrand.body()).get("state").asText()).isEqualTo("activated");
            assertThat(json.readTree(servedBrand.body()).get("finalState").asBoolean()).isTrue();
        });
        final var servedBrand = json.readTree(getObject("brand", brandId).body());
        assertThat(servedBrand.get("signatureVerified").asBoolean()).isTrue();
        assertThat(servedBrand.get("updatedAt").asText()).isEqualTo(T0.plusSeconds(120).toString());
        assertThat(servedBrand.get("history")).extracting(c -> c.get("eventType").asText() + " "
                + c.get("previousState").asText() + "->" + c.get("state").asText()).containsExactly(
                "brand_unverified null->unverified", "brand_activated unverified->activated");
        assertThat(servedBrand.has("seenEvents") || servedBrand.has("uncorrelated")).as("no store bookkeeping")
                .isFalse();
        final var marker = UUID.randomUUID().toString();
        post(order(marker, "processed", 5));
        assertThat(OrderStateReader.keysUntil(topics.states(), marker)).as("an order consumer sees orders only")
                .doesNotContain(brandId, campaignId);
        final var servedCampaign = json.readTree(getObject("campaign", campaignId).body());
        assertThat(servedCampaign.get("state").asText()).isEqualTo("deactivated");
        assertThat(servedCampaign.get("finalState").asBoolean()).isTrue();
        assertThat(getObject("campaign", brandId).statusCode()).as("a brand is not a campaign").isEqualTo(404);
        assertThat(getObject("galaxy", brandId).statusCode()).as("an unknown kind").isEqualTo(404);
    }

    @Test
    void aNumberAssignmentAndAReleaseAreServedUnderTheirOwnIdsInTheirFinalStates() throws Exception {
        final var orderId = UUID.randomUUID().toString();
        final var assignmentId = "na-" + UUID.randomUUID();
        final var number = "+1555124" + (1000 + Math.abs(suffix.hashCode() % 9000));
        post(assignment(orderId, assignmentId, number, "number_assignment_pending", "pending", 1));
        post(assignment(orderId, assignmentId, number, "number_assignment_failed", "failed", 2));
        post(assignment(orderId, assignmentId, number, "number_assignment_activated", "completed", 3));
        TestBridge.publishResult(topics.results(), TestBridge.released("rel-" + suffix, "phone_number", "pn-x",
                number), null);

        final var events = OrderStateReader.eventsOf(topics.states(), orderId, seen -> seen.size() >= 3);
        assertThat(events).as("each event once, under its order").hasSize(3)
                .extracting(e -> e.getState() + " " + e.getFinalState())
                .containsExactly("pending false", "failed false", "completed true");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            final var served = getObject("number_assignment", assignmentId);
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            final var view = json.readTree(served.body());
            assertThat(view.get("state").asText()).isEqualTo("completed");
            assertThat(view.get("finalState").asBoolean()).isTrue();
        });
        assertThat(getObject("number_assignment_order", orderId).statusCode()).as("the order beside it")
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            final var served = getObject("release", number);
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(json.readTree(served.body()).get("state").asText()).isEqualTo("released");
            assertThat(json.readTree(served.body()).get("finalState").asBoolean()).isTrue();
        });
        assertThat(getObject("number_assignment", number).statusCode()).as("a release is not an assignment")
                .isEqualTo(404);
    }

    @Test
    void anAssignmentCallbackWithoutItsOwnIdIsAnsweredButMovesNoOrder() throws Exception {
        final var orderId = UUID.randomUUID().toString();
        post(assignment(orderId, "unused", "+15551240001", "number_assignment_activated", "completed", 1)
                .replace("\"number_assignment_id\":\"unused\",", ""));
        final var marker = UUID.randomUUID().toString();
        post(order(marker, "processed", 2));

        await().atMost(Duration.ofSeconds(30)).until(() -> getObject("number_assignment_order", marker)
                .statusCode() == 200);
        assertThat(getObject("number_assignment_order", orderId).statusCode()).isEqualTo(404);
        assertThat(OrderStateReader.keysUntil(topics.states(), marker)).doesNotContain(orderId);
    }

    private HttpResponse<String> getObject(final String kind, final String id) throws Exception {
        // a number's + is written %2B in the path
        return http.send(HttpRequest.newBuilder(URI.create(bridge.managementUrl() + "/objects/" + kind + "/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tenDlc(final String category, final String eventType, final String state,
            final String brandId, final String campaignId, final int minute) {
        return TenDlcBodies.brandOrCampaign(category, eventType, state, brandId, campaignId,
                T0.plusSeconds(60L * minute));
    }

    @Test
    void answers404ForAnOrderNobodyReported() throws Exception {
        final var response = http.send(HttpRequest.newBuilder(URI.create(bridge.managementUrl() + "/orders/"
                + UUID.randomUUID()))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    private static String assignment(final String orderId, final String assignmentId, final String number,
            final String eventType, final String state, final int minute) {
        return """
                {"project_id":"p-1","event_at":"%s","event_category":"number_assignment","event_type":"%s",
                 "state":"%s","brand_id":"b-1","campaign_id":"c-1","number_assignment_order_id":"%s",
                 "number_assignment_id":"%s","phone_number_id":"pn-%s","phone_number":"%s"}"""
                .formatted(T0.plusSeconds(60L * minute), eventType, state, orderId, assignmentId, assignmentId, number);
    }

    private static String order(final String orderId, final String state, final int minute) {
        return """
                {"project_id":"p-1","event_at":"%s","event_category":"number_assignment_order",
                 "event_type":"number_assignment_order_processed","state":"%s","brand_id":"b-1","campaign_id":"c-1",
                 "number_assignment_order_id":"%s"}""".formatted(T0.plusSeconds(60L * minute), state, orderId);
    }

    private void post(final String body) throws Exception {
        final var url = baseUrl + "/webhooks/signalwire/10dlc";
        final var mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update(url.getBytes(StandardCharsets.UTF_8));
        final var signature = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        final var response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-SignalWire-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static List<String> sequenceOf(final List<OrderStateEvent> events, final String objectId) {
        return events.stream().filter(e -> e.getObjectId().equals(objectId))
                .map(e -> e.getPreviousState() + "->" + e.getState()).toList();
    }

    private JsonNode getOrder(final String orderId) throws Exception {
        final var response = http.send(HttpRequest.newBuilder(URI.create(bridge.managementUrl() + "/orders/" + orderId))
                .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
