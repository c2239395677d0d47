package dev.numbers.bridge.confirm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.ingest.IntakeConfig;
import dev.numbers.bridge.ingest.RawWebhookSink;
import dev.numbers.bridge.kafka.KafkaClients;
import dev.numbers.bridge.kafka.KafkaConfig;
import dev.numbers.bridge.orderstate.OrderStateConfig;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.RecordedRequest;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.avro.StateSource;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micrometer.core.instrument.MeterRegistry;
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
    private static final int MAX_UNMAPPABLE = 1_000;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String resultsTopic = "results-" + suffix;
    private final String statesTopic = "states-" + suffix;
    private final String rawTopic = "raw-" + suffix;
    private final SerdeConfig serdeConfig = SerdeConfig.of(SchemaRegistry.shared().url());
    private final SchemaRegistryClient registry = SchemaRegistryClient.http(serdeConfig);
    private ProviderSimulator simulator;
    private Poller poller;
    private RawWebhookSink sink;
    private Duration pollAfter = Duration.ofMillis(300);
    private int maxPending = 10_000;

    @AfterEach
    void stop() throws Exception {
        if (poller != null) {
            poller.close();
        }
        if (sink != null) {
            sink.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void orderWithoutCallbacksIsConfirmedByPollingAndFindingsReachTheRawTopicAsPolls() throws Exception {
        createTopics();
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

        poller = startPoller(simulator.signalWireBaseUrl(), simulator.config().signalWireProjectId(),
                simulator.config().signalWireToken(), null, null,
                "numbers.webhooks.dlq", new SimpleMeterRegistry());

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
        assertThat(new PollerHealth(poller).health().getStatus()).isEqualTo(HealthStatus.UP);

        poller.close();

        assertThat(new PollerHealth(poller).health().getStatus()).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void orderNeverCalledBackIsWrittenWithTheConfiguredProjectAndNoMadeUpBrand() throws Exception {
        createTopics();
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

        poller = startPoller(simulator.signalWireBaseUrl(), simulator.config().signalWireProjectId(),
                simulator.config().signalWireToken(), null, null,
                "numbers.webhooks.dlq", new SimpleMeterRegistry());

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
        createTopics();
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

        poller = startPoller(null, null, null, simulator.telnyxBaseUrl(), simulator.config().telnyxApiKey(),
                "numbers.webhooks.dlq", new SimpleMeterRegistry());

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
        final var dlqTopic = "dlq-" + suffix;
        createTopics().createTopic(dlqTopic, 1);
        final var orderId = "order-junk-" + suffix;
        try (var provider = new CannedProvider()) {
            provider.answer("/base/registry/beta/orders/" + orderId, "{\"id\":\"" + orderId + "\",\"state\":7}");
            try (var producer = new KafkaProducer<String, SpecificRecord>(producerProps(), new StringSerializer(),
                    new ConfluentAvroSerializer<>(registry, serdeConfig, false))) {
                producer.send(new ProducerRecord<>(resultsTopic, "request-3",
                        PendingOrdersTest.result(orderId, "pending"))).get();
            }
            final var meters = new SimpleMeterRegistry();
            poller = startPoller(provider.baseUrl(), "project", "token", null, null,
                dlqTopic, meters);
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

    @Test
    void brandsCampaignsAndReleasesAreNeverPolledOnlyOrders() throws Exception {
        createTopics();
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(20)));
        final var brand = PendingOrdersTest.event("brand-" + suffix, "brand-" + suffix, "unverified");
        brand.setCategory("brand");
        brand.setEventType("brand_unverified");
        final var campaign = PendingOrdersTest.event("campaign-" + suffix, "campaign-" + suffix, "active");
        campaign.setCategory("campaign");
        campaign.setEventType("campaign_activated");
        final var release = PendingOrdersTest.event("+15550100077", "pn-" + suffix, "released");
        release.setCategory("phone_number");
        release.setSource(StateSource.RESULT);
        // a positive control: an order nobody confirms is polled, so the poller really ran past the others
        final var order = PendingOrdersTest.event("order-" + suffix, "order-" + suffix, "pending");
        try (var producer = new KafkaProducer<String, SpecificRecord>(producerProps(), new StringSerializer(),
                new ConfluentAvroSerializer<>(registry, serdeConfig, false))) {
            for (final var event : List.of(brand, campaign, release, order)) {
                producer.send(new ProducerRecord<>(statesTopic, event.getOrderId(), event)).get();
            }
        }

        poller = startPoller(simulator.signalWireBaseUrl(), simulator.config().signalWireProjectId(),
                simulator.config().signalWireToken(), null, null, "numbers.webhooks.dlq", new SimpleMeterRegistry());

        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.requests().stream()
                .anyMatch(r -> r.path().contains("order-" + suffix)));
        final var asked = simulator.requests().stream().map(RecordedRequest::path).toList();
        System.out.println("PollerIT: the simulator was asked " + asked);
        assertThat(asked).noneMatch(path -> path.contains("brand-" + suffix) || path.contains("campaign-" + suffix)
                || path.contains("pn-" + suffix) || path.contains("+15550100077") || path.contains("%2B15550100077"));
    }

    @Test
    void aFloodOfOneHundredThousandOrdersLeavesThePendingSetWithinItsBound() throws Exception {
        createTopics();
        final int flood = 100_000;
        try (var producer = new KafkaProducer<String, SpecificRecord>(producerProps(), new StringSerializer(),
                new ConfluentAvroSerializer<>(registry, serdeConfig, false))) {
            for (int i = 0; i < flood; i++) {
                final var event = PendingOrdersTest.event("flood-" + i, "assignment-" + i, "pending");
                producer.send(new ProducerRecord<>(statesTopic, event.getOrderId(), event));
            }
            producer.flush();
        }
        final var meters = new SimpleMeterRegistry();
        // nothing comes due during the test: only the set's size is under test here
        pollAfter = Duration.ofHours(1);
        maxPending = 1_000;
        poller = startPoller(null, null, null, null, null, "numbers.webhooks.dlq", meters);
        final var dropped = meters.counter("bridge.confirm.pending.dropped", "reason", "limit");

        await().atMost(Duration.ofSeconds(120)).until(() -> dropped.count() + poller.pendingOrders() >= flood);

        System.out.printf("PollerIT: %d orders flooded in, %d pending, %.0f dropped for the limit%n", flood,
                poller.pendingOrders(), dropped.count());
        assertThat(poller.pendingOrders()).isEqualTo(maxPending);
        assertThat(dropped.count()).isEqualTo(flood - maxPending);
        assertThat(meters.get("bridge.confirm.pending").gauge().value()).isEqualTo(maxPending);
    }

    /** The poller's three topics, one partition each; returns the broker for more. */
    private KafkaBroker createTopics() {
        final var broker = KafkaBroker.shared();
        broker.createTopic(resultsTopic, 1);
        broker.createTopic(statesTopic, 1);
        broker.createTopic(rawTopic, 1);
        return broker;
    }

    /** A poller wired as the bridge wires it: clients from the one factory, findings through the one sink. */
    private Poller startPoller(final String signalwireBaseUrl, final String projectId, final String token,
            final String telnyxBaseUrl, final String telnyxKey, final String dlqTopic, final MeterRegistry meters) {
        final var clients = new KafkaClients(new KafkaConfig(KafkaBroker.shared().bootstrapServers(),
                SchemaRegistry.shared().url(), null));
        sink = new RawWebhookSink(clients, new IntakeConfig(rawTopic, Duration.ofSeconds(5), Duration.ofMillis(2)),
                new ConfluentAvroSerializer<>(clients.registry(), clients.serde(), false), meters);
        final var topics = new OrderStateConfig("unused", resultsTopic, statesTopic, "objects-" + suffix,
                Duration.ofMillis(100),
                Duration.ofMillis(20), 1, null, null, -1, dlqTopic, 3, Duration.ofMinutes(10), 2000,
                Duration.ofHours(24), null);
        final var started = new Poller(new PollerConfig(pollAfter, Duration.ofMillis(100),
                Duration.ofHours(1), "poller-" + suffix, signalwireBaseUrl, projectId, token, telnyxBaseUrl, telnyxKey,
                1_048_576, maxPending, Duration.ofDays(7), MAX_UNMAPPABLE), topics, clients, sink, meters);
        started.start();
        return started;
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
