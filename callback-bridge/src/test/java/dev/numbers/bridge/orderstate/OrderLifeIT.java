package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.harness.FreePorts;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
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
    private final String rawTopic = "raw-" + suffix;
    private final String resultsTopic = "results-" + suffix;
    private final String statesTopic = "states-" + suffix;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private ApplicationContext context;
    private String baseUrl;

    @BeforeAll
    void start() throws Exception {
        final var kafka = KafkaBroker.shared();
        kafka.createTopic(rawTopic, 2);
        kafka.createTopic(resultsTopic, 2);
        kafka.createTopic(statesTopic, 2);
        final var port = FreePorts.next();
        baseUrl = "http://127.0.0.1:" + port;
        final var props = new HashMap<String, Object>();
        props.put("micronaut.server.port", port);
        props.put("bridge.webhooks.public-base-url", baseUrl);
        props.put("bridge.webhooks.signalwire-signing-key", SIGNING_KEY);
        props.put("bridge.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("bridge.kafka.registry-url", SchemaRegistry.shared().url());
        props.put("bridge.kafka.raw-topic", rawTopic);
        props.put("bridge.order-state.application-id", "bridge-it-" + suffix);
        props.put("bridge.order-state.raw-topic", rawTopic);
        props.put("bridge.order-state.results-topic", resultsTopic);
        props.put("bridge.order-state.order-states-topic", statesTopic);
        props.put("bridge.order-state.state-dir", Files.createTempDirectory("bridge-state").toString());
        context = ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void followsAnOrdersWholeLifeInEventOrderCorrelatedToItsRequest() throws Exception {
        final var orderId = UUID.randomUUID().toString();
        final var requestId = "req-" + suffix;
        publishCreatedOrder(requestId, orderId);
        awaitCorrelationKnown(orderId);

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

        // a1's redelivery and stale event travel the same partition as this later report: once it is out, they were seen
        awaitEvents(orderId, e -> e.getObjectId().equals(orderId));
        post(assignment(orderId, "a1", "+15551230001", "number_assignment_activated", "completed", 10));
        final var events = awaitEvents(orderId, e -> e.getObjectId().equals("a1") && e.getEventAt().equals(
                T0.plusSeconds(600)));

        // each object's states in event order; objects interleave as their webhooks arrive
        assertThat(sequenceOf(events, "a1")).containsExactly("null->pending", "pending->completed", "completed->completed");
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
    void answers404ForAnOrderNobodyReported() throws Exception {
        final var response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/orders/" + UUID.randomUUID()))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    private void publishCreatedOrder(final String requestId, final String orderId) throws Exception {
        final var serializer = new ConfluentAvroSerializer<NumberResult>(
                SchemaRegistryClient.http(SerdeConfig.of(SchemaRegistry.shared().url())),
                SerdeConfig.of(SchemaRegistry.shared().url()), false);
        final var result = NumberResult.newBuilder()
                .setRequestId(requestId)
                .setProvider(Provider.SIGNALWIRE)
                .setOperation(OperationType.CREATE_ASSIGNMENT_ORDER)
                .setStatus(ResultStatus.SUCCEEDED)
                .setResource(AssignmentOrder.newBuilder().setId(orderId).setState("pending").build())
                .setErrors(List.of())
                .setAttempts(1)
                .setStartedAt(T0)
                .setFinishedAt(T0)
                .build();
        final var props = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers());
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(resultsTopic, requestId, result)).get();
        }
    }

    private void awaitCorrelationKnown(final String orderId) {
        final var streams = context.getBean(OrderStateStreams.class).streams();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> streams.store(
                StoreQueryParameters.fromNameAndType(OrderTopology.ORDER_REQUESTS_STORE,
                        QueryableStoreTypes.<String, String>keyValueStore())).get(orderId) != null);
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

    /** Reads the order's events from the beginning until one matches {@code last}. */
    private List<OrderStateEvent> awaitEvents(final String orderId,
            final java.util.function.Predicate<OrderStateEvent> last) {
        final var props = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "states-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final var deserializer = new ConfluentAvroDeserializer<>(OrderStateEvent.class,
                SerdeConfig.of(SchemaRegistry.shared().url()));
        final var events = new ArrayList<OrderStateEvent>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(statesTopic));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (orderId.equals(r.key())) {
                        events.add(r.value());
                    }
                });
                return events.stream().anyMatch(last);
            });
        }
        return events;
    }

    private JsonNode getOrder(final String orderId) throws Exception {
        final var response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/orders/" + orderId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
