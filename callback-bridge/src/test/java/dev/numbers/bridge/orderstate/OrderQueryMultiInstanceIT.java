package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.TestBridge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two bridge instances of one Streams application share the order-state store's partitions: asking the instance
 * that does not hold an order answers a 307 to the one that does, and following it gives the order's state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderQueryMultiInstanceIT {

    private static final int PARTITIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final HttpClient followsRedirects = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private TestBridge first;
    private TestBridge second;

    @BeforeAll
    void start() throws Exception {
        final var topics = TestBridge.Topics.unique(suffix, PARTITIONS);
        final var applicationId = "bridge-multi-" + suffix;
        final Map<String, Object> unsigned = Map.of("bridge.webhooks.allow-unsigned", true);
        first = TestBridge.startOneOfSeveral(topics, applicationId, unsigned);
        second = TestBridge.startOneOfSeveral(topics, applicationId, unsigned);
        // both running, and the store's partitions spread over both instances
        await().atMost(Duration.ofSeconds(60)).until(() ->
                first.streams().state() == KafkaStreams.State.RUNNING
                        && second.streams().state() == KafkaStreams.State.RUNNING
                        && first.streams().streamsMetadataForStore(OrderTopology.ORDER_STATES_STORE).size() == 2
                        && first.streams().streamsMetadataForStore(OrderTopology.ORDER_STATES_STORE).stream()
                                .allMatch(m -> !m.topicPartitions().isEmpty()));
    }

    @AfterAll
    void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void theInstanceNotHoldingAnOrderRedirectsToTheOneThatDoes() throws Exception {
        final var orderOnSecond = orderOwnedBy(second);
        postProcessed(first, orderOnSecond);

        final var asked = noRedirects.send(get(first, orderOnSecond), HttpResponse.BodyHandlers.ofString());

        assertThat(asked.statusCode()).isEqualTo(307);
        final var location = asked.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo(second.managementUrl() + "/orders/" + orderOnSecond);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            final var followed = noRedirects.send(HttpRequest.newBuilder(URI.create(location)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(followed.statusCode()).as(followed.body()).isEqualTo(200);
            assertThat(JSON.readTree(followed.body()).get("state").asText()).isEqualTo("processed");
        });
    }

    @Test
    void aClientFollowingRedirectsGetsTheStateFromEitherInstance() throws Exception {
        final var orderOnFirst = orderOwnedBy(first);
        final var orderOnSecond = orderOwnedBy(second);
        postProcessed(second, orderOnFirst);
        postProcessed(second, orderOnSecond);

        for (final var instance : new TestBridge[] {first, second}) {
            for (final var order : new String[] {orderOnFirst, orderOnSecond}) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    final var answer = followsRedirects.send(get(instance, order),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    assertThat(JSON.readTree(answer.body()).get("orderId").asText()).isEqualTo(order);
                });
            }
        }
    }

    /** A fresh order id whose state lives on {@code owner}, as the Streams metadata tells. */
    private String orderOwnedBy(final TestBridge owner) {
        final var self = URI.create(owner.managementUrl());
        final var host = new HostInfo(self.getHost(), self.getPort());
        // each instance holds half of the partitions, so a few tries suffice unless the metadata is unavailable
        for (int attempt = 0; attempt < 1_000; attempt++) {
            final var orderId = UUID.randomUUID().toString();
            final var metadata = first.streams().queryMetadataForKey(OrderTopology.ORDER_STATES_STORE, orderId,
                    Serdes.String().serializer());
            if (host.equals(metadata.activeHost())) {
                return orderId;
            }
        }
        throw new AssertionError("no order id maps to " + host + "; store metadata: "
                + first.streams().streamsMetadataForStore(OrderTopology.ORDER_STATES_STORE));
    }

    private static HttpRequest get(final TestBridge instance, final String orderId) {
        return HttpRequest.newBuilder(URI.create(instance.managementUrl() + "/orders/" + orderId)).build();
    }

    private void postProcessed(final TestBridge instance, final String orderId) throws Exception {
        final var body = """
                {"project_id":"p-1","event_at":"%s","event_category":"number_assignment_order",
                 "event_type":"number_assignment_order_processed","state":"processed","brand_id":"b-1",
                 "campaign_id":"c-1","number_assignment_order_id":"%s"}""".formatted(Instant.now(), orderId);
        final var response = noRedirects.send(HttpRequest.newBuilder(
                        URI.create(instance.baseUrl() + "/webhooks/signalwire/10dlc"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
