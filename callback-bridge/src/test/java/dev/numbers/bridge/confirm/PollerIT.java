package dev.numbers.bridge.confirm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.kafka.KafkaConfig;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import io.micronaut.health.HealthStatus;
import org.apache.avro.specific.SpecificRecord;

/** The poller against the provider simulator (no callbacks sent) and a real broker and registry. */
class PollerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String resultsTopic = "results-" + suffix;
    private final String statesTopic = "states-" + suffix;
    private final String rawTopic = "raw-" + suffix;
    private final SerdeConfig serdeConfig = SerdeConfig.of(SchemaRegistry.shared().url());
    private final SchemaRegistryClient registry = SchemaRegistryClient.http(serdeConfig);
    private ProviderSimulator simulator;
    private Poller poller;

    @AfterEach
    void stop() throws Exception {
        if (poller != null) {
            poller.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void orderWithoutCallbacksIsConfirmedByPollingAndFindingsReachTheRawTopicAsPolls() throws Exception {
        final var broker = KafkaBroker.shared();
        broker.createTopic(resultsTopic, 1);
        broker.createTopic(statesTopic, 1);
        broker.createTopic(rawTopic, 1);
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(20)));
        final var campaignId = UUID.randomUUID().toString();
        simulator.registerCampaign(campaignId);
        // no status_callback_url: the provider never calls back, only a poll can tell
        final var order = signalwire("POST", "/registry/beta/campaigns/" + campaignId + "/orders",
                "{\"phone_numbers\":[\"+15550100001\",\"+15550100002\"]}");
        final var orderId = order.get("id").asText();
        final var assignments = signalwire("GET", "/registry/beta/campaigns/" + campaignId + "/numbers", null);
        final var assignmentId = assignments.get("data").get(0).get("id").asText();

        try (var producer = new KafkaProducer<String, SpecificRecord>(producerProps(), new StringSerializer(),
                new ConfluentAvroSerializer<>(registry, serdeConfig, false))) {
            producer.send(new ProducerRecord<>(resultsTopic, "request-1",
                    PendingOrdersTest.result(orderId, "pending"))).get();
            final OrderStateEvent pendingAssignment = PendingOrdersTest.event(orderId, assignmentId, "pending");
            pendingAssignment.setCampaignId(campaignId);
            producer.send(new ProducerRecord<>(statesTopic, orderId, pendingAssignment)).get();
        }

        poller = new Poller(new PollerConfig(Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofHours(1),
                resultsTopic, statesTopic, rawTopic, "poller-" + suffix, simulator.signalWireBaseUrl(),
                simulator.config().signalWireProjectId(), simulator.config().signalWireToken(), null, null,
                "numbers.webhooks.dlq", 1_048_576),
                new KafkaConfig(broker.bootstrapServers(), SchemaRegistry.shared().url(), null),
                        new SimpleMeterRegistry());

        final var written = new ArrayList<RawWebhook>();
        try (var consumer = rawConsumer()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> written.add(r.value()));
                assertThat(written).extracting(RawWebhook::getObjectId).contains(orderId, assignmentId);
            });
        }
        final var orderFinding = written.stream().filter(w -> w.getObjectId().equals(orderId)).findFirst()
                .orElseThrow();
        assertThat(orderFinding.getProvider()).isEqualTo(Provider.SIGNALWIRE);
        assertThat(orderFinding.getHeaders()).containsEntry(Poller.SOURCE_HEADER, Poller.POLL);
        assertThat(JSON.readTree(orderFinding.getBody()).get("event_type").asText())
                .isEqualTo("number_assignment_order_processed");
        assertThat(JSON.readTree(orderFinding.getBody()).get("number_assignment_order_id").asText()).isEqualTo(orderId);
        final var assignmentFinding = written.stream().filter(w -> w.getObjectId().equals(assignmentId))
                .findFirst().orElseThrow();
        final var body = JSON.readTree(assignmentFinding.getBody());
        assertThat(body.get("event_type").asText()).isEqualTo("number_assignment_activated");
        assertThat(body.get("state").asText()).isEqualTo("completed");
        assertThat(body.get("campaign_id").asText()).isEqualTo(campaignId);
        assertThat(poller.health().getStatus()).isEqualTo(HealthStatus.UP);

        poller.close();

        assertThat(poller.health().getStatus()).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void orderNeverCalledBackIsWrittenWithTheConfiguredProjectAndNoMadeUpBrand() throws Exception {
        final var broker = KafkaBroker.shared();
        broker.createTopic(resultsTopic, 1);
        broker.createTopic(statesTopic, 1);
        broker.createTopic(rawTopic, 1);
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(20)));
        final var campaignId = UUID.randomUUID().toString();
        simulator.registerCampaign(campaignId);
        final var orderId = signalwire("POST", "/registry/beta/campaigns/" + campaignId + "/orders",
                "{\"phone_numbers\":[\"+15550100011\"]}").get("id").asText();
        // only the connector's result: no callback, no order-state event ever named campaign or brand
        try (var producer = new KafkaProducer<String, SpecificRecord>(producerProps(),
                new StringSerializer(), new ConfluentAvroSerializer<>(registry, serdeConfig, false))) {
            producer.send(new ProducerRecord<>(resultsTopic, "request-2", PendingOrdersTest.result(orderId, "pending")))
                    .get();
        }

        poller = new Poller(new PollerConfig(Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofHours(1),
                resultsTopic, statesTopic, rawTopic, "poller-" + suffix, simulator.signalWireBaseUrl(),
                simulator.config().signalWireProjectId(), simulator.config().signalWireToken(), null, null,
                "numbers.webhooks.dlq", 1_048_576),
                new KafkaConfig(broker.bootstrapServers(), SchemaRegistry.shared().url(), null),
                        new SimpleMeterRegistry());

        final var written = new ArrayList<RawWebhook>();
        try (var consumer = rawConsumer()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> written.add(r.value()));
                assertThat(written).extracting(RawWebhook::getObjectId).contains(orderId);
            });
        }
        final var body = JSON.readTree(written.stream().filter(w -> w.getObjectId().equals(orderId)).findFirst()
                .orElseThrow().getBody());
        assertThat(body.get("project_id").asText()).isEqualTo(simulator.config().signalWireProjectId());
        assertThat(body.has("brand_id")).as(body.toString()).isFalse();
        assertThat(body.get("state").asText()).isEqualTo("processed");
    }

    @Test
    void telnyxNumberOrderWithoutWebhookIsConfirmedByPollingAsANumberOrderCompleteEnvelope() throws Exception {
        final var broker = KafkaBroker.shared();
        broker.createTopic(resultsTopic, 1);
        broker.createTopic(statesTopic, 1);
        broker.createTopic(rawTopic, 1);
        // no Telnyx webhook URL configured: only a poll can tell
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(20)));
        final var created = send("POST", simulator.telnyxBaseUrl() + "/number_orders",
                "Bearer " + simulator.config().telnyxApiKey(),
                "{\"phone_numbers\":[{\"phone_number\":\"+15550100003\"}]}");
        final var orderId = created.get("data").get("id").asText();
        final var result = PendingOrdersTest.result(orderId, "pending");
        result.setProvider(Provider.TELNYX);
        result.setOperation(OperationType.TELNYX_CREATE_NUMBER_ORDER);
        result.setResource(TelnyxNumberOrder.newBuilder().setId(orderId)
                .setStatus("pending").build());
        try (var producer = new KafkaProducer<String, SpecificRecord>(producerProps(),
                new StringSerializer(), new ConfluentAvroSerializer<>(registry, serdeConfig, false))) {
            producer.send(new ProducerRecord<>(resultsTopic, "request-telnyx", result)).get();
        }

        poller = new Poller(new PollerConfig(Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofHours(1),
                resultsTopic, statesTopic, rawTopic, "poller-" + suffix, null, null, null,
                simulator.telnyxBaseUrl(), simulator.config().telnyxApiKey(),
                "numbers.webhooks.dlq", 1_048_576),
                new KafkaConfig(broker.bootstrapServers(), SchemaRegistry.shared().url(), null),
                        new SimpleMeterRegistry());

        final var written = new ArrayList<RawWebhook>();
        try (var consumer = rawConsumer()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> written.add(r.value()));
                assertThat(written).extracting(RawWebhook::getObjectId).contains(orderId);
            });
        }
        final var finding = written.stream().filter(w -> w.getObjectId().equals(orderId)).findFirst().orElseThrow();
        assertThat(finding.getProvider()).isEqualTo(Provider.TELNYX);
        assertThat(finding.getHeaders()).containsEntry(Poller.SOURCE_HEADER, Poller.POLL);
        final var data = JSON.readTree(finding.getBody()).get("data");
        assertThat(data.get("event_type").asText()).isEqualTo("number_order.complete");
        assertThat(data.get("payload").get("id").asText()).isEqualTo(orderId);
        assertThat(data.get("payload").get("status").asText()).isEqualTo("success");
    }

    @Test
    void anOrderAnsweringTheSameUnmappableBodyIsDeadLetteredOnceAndAgainOnlyWhenTheBodyChanges() throws Exception {
        final var broker = KafkaBroker.shared();
        final var dlqTopic = "dlq-" + suffix;
        broker.createTopic(resultsTopic, 1);
        broker.createTopic(statesTopic, 1);
        broker.createTopic(rawTopic, 1);
        broker.createTopic(dlqTopic, 1);
        final var orderId = "order-junk-" + suffix;
        try (var provider = new CannedProvider()) {
            provider.answer("/base/registry/beta/orders/" + orderId, "{\"id\":\"" + orderId + "\",\"state\":7}");
            try (var producer = new KafkaProducer<String, SpecificRecord>(producerProps(), new StringSerializer(),
                    new ConfluentAvroSerializer<>(registry, serdeConfig, false))) {
                producer.send(new ProducerRecord<>(resultsTopic, "request-3",
                        PendingOrdersTest.result(orderId, "pending"))).get();
            }
            final var meters = new SimpleMeterRegistry();
            poller = new Poller(new PollerConfig(Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofHours(1),
                    resultsTopic, statesTopic, rawTopic, "poller-" + suffix, provider.baseUrl(), "project",
                    "token", null, null, dlqTopic, 1_048_576),
                    new KafkaConfig(broker.bootstrapServers(), SchemaRegistry.shared().url(), null), meters);
            final var unmappable = meters.counter("bridge.confirm.polls", "provider", "SIGNALWIRE", "outcome",
                    "unmappable");

            await().atMost(Duration.ofSeconds(30)).until(() -> unmappable.count() >= 5);
            final var dead = new ArrayList<byte[]>();
            try (var consumer = bytesConsumer(dlqTopic)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> dead.add(r.value()));
                    return !dead.isEmpty();
                });
                final double pollsBefore = unmappable.count();
                provider.answer("/base/registry/beta/orders/" + orderId, "{\"id\":\"" + orderId + "\",\"state\":[]}");
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> dead.add(r.value()));
                    return dead.size() >= 2 && unmappable.count() >= pollsBefore + 5;
                });
                consumer.poll(Duration.ofMillis(500)).forEach(r -> dead.add(r.value()));
            }
            System.out.printf("PollerIT: %.0f unmappable polls of one order, %d dead letters%n", unmappable.count(),
                    dead.size());
            assertThat(dead).as("one dead letter per distinct unmappable body").hasSize(2);
            assertThat(new String(dead.get(0), StandardCharsets.UTF_8)).contains("\"state\":7");
            assertThat(new String(dead.get(1), StandardCharsets.UTF_8)).contains("\"state\":[]");
        }
    }

    private JsonNode signalwire(final String method, final String path, final String body) throws Exception {
        final var auth = Base64.getEncoder().encodeToString((simulator.config().signalWireProjectId() + ":"
                + simulator.config().signalWireToken()).getBytes(StandardCharsets.UTF_8));
        final var request = HttpRequest.newBuilder(URI.create(simulator.signalWireBaseUrl() + path))
                .header("Authorization", "Basic " + auth)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        final var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode send(final String method, final String url, final String authorization,
            final String body) throws Exception {
        final var request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        final var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    private Map<String, Object> producerProps() {
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private KafkaConsumer<String, RawWebhook> rawConsumer() {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + suffix);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final var consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(RawWebhook.class, registry));
        consumer.subscribe(List.of(rawTopic));
        return consumer;
    }

    private KafkaConsumer<byte[], byte[]> bytesConsumer(final String topic) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-dlq-" + suffix);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
