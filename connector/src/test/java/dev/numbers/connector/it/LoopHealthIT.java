package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.KafkaServerProcess;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /health tells the truth: DOWN with the reason while the loop cannot make progress (every result transaction
 * aborts, Kafka is gone), UP again once it clears; and the issue's 10,000-number campaign order, with the input
 * limits raised out of the way, still gets a result that fits.
 */
class LoopHealthIT {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final AtomicInteger SEQ = new AtomicInteger(3000);
    private static ProviderSimulator simulator;
    private static SerdeConfig serde;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        serde = SerdeConfig.of(SchemaRegistry.shared().url());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void resultsTheBrokerKeepsRefusingTurnHealthDownUntilTheTopicTakesThem() throws Exception {
        final var broker = KafkaBroker.shared();
        final var topics = topics(broker, "refusing");
        // Smaller than any result, even the compact result_too_large: every transaction aborts.
        broker.createTopic(topics.results(), 1, Map.of("max.message.bytes", "200"));
        try (var connector = new RunningConnector(broker.bootstrapServers(), SchemaRegistry.shared().url(), topics,
                simulator, "health-" + UUID.randomUUID(), Map.of("connector.health.aborts-before-down", 3));
             var collector = ResultCollector.on(broker, serde, topics)) {
            final var id = send(broker, topics, purchase());
            await().atMost(BOUND).untilAsserted(() -> assertThat(connector.loopHealth().path("details")
                    .path("transactions").asText()).contains("aborted in a row"));
            final var down = connector.loopHealth();
            final double abortsWhileDown = aborts(connector);
            assertThat(downGauge(connector, "transactions")).isEqualTo(1.0);
            broker.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    topics.results()), List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048588"),
                    AlterConfigOp.OpType.SET)))).all().get();
            final var seen = await().atMost(BOUND).until(() -> collector.result(id), Objects::nonNull);
            await().atMost(BOUND).until(connector::loopUp);
            assertThat(downGauge(connector, "transactions")).isZero();
            System.out.printf("%nLoopHealthIT refusing broker: DOWN %s after %.0f aborts (with backoff); topic"
                    + " limit raised -> result %s %s, health UP%n", down.path("details").path("transactions"),
                    abortsWhileDown, seen.value().getStatus(), seen.value().getErrors().stream()
                            .map(e -> String.valueOf(e.getCode())).toList());
            // The first refusal swapped the result for its compact form, which says the purchase happened.
            assertThat(seen.value().getStatus()).isEqualTo(ResultStatus.FAILED);
            assertThat(seen.value().getErrors()).singleElement().satisfies(e -> {
                assertThat(e.getCode()).isEqualTo("result_too_large");
                assertThat(e.getDetail().toString()).contains("SUCCEEDED at the provider");
            });
            assertThat(abortsWhileDown).as("backoff, not a hot loop").isLessThan(100);
        }
    }

    @Test
    void healthIsDownWhileKafkaIsUnreachableAndUpOnceItIsBack() throws Exception {
        try (var broker = KafkaServerProcess.start(KafkaServerProcess.Settings.in(
                Path.of("target", "it-brokers", "health-" + UUID.randomUUID()).toAbsolutePath()))) {
            final var topics = topics(broker, "unreachable");
            broker.createTopic(topics.results(), 1);
            try (var connector = new RunningConnector(broker.bootstrapServers(), SchemaRegistry.shared().url(),
                    topics, simulator, "unreachable-" + UUID.randomUUID(), Map.of());
                 var collector = ResultCollector.on(broker, serde, topics)) {
                final var before = send(broker, topics, purchase());
                await().atMost(BOUND).until(() -> collector.result(before), Objects::nonNull);
                await().atMost(BOUND).until(connector::loopUp);
                final var stopped = Instant.now();
                broker.stop();
                await().atMost(BOUND).untilAsserted(() -> assertThat(connector.loopHealth().path("details")
                        .path("kafka").asText()).contains("Kafka unreachable"));
                final var downAfter = Duration.between(stopped, Instant.now());
                final var reason = connector.loopHealth().path("details").path("kafka").asText();
                assertThat(downGauge(connector, "kafka")).isEqualTo(1.0);
                broker.startAgain();
                await().atMost(BOUND).until(connector::loopUp);
                assertThat(downGauge(connector, "kafka")).isZero();
                final var after = send(broker, topics, purchase());
                final var seen = await().atMost(BOUND).until(() -> collector.result(after),
                        Objects::nonNull);
                System.out.printf("%nLoopHealthIT Kafka stopped: DOWN after %d ms (%s); restarted -> UP, next"
                        + " request %s%n", downAfter.toMillis(), reason, seen.value().getStatus());
                assertThat(seen.value().getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            }
        }
    }

    @Test
    void theIssuesTenThousandNumberOrderGetsAResultThatFitsEvenWithTheInputLimitsRaised() throws Exception {
        final var broker = KafkaBroker.shared();
        final var topics = topics(broker, "ten-thousand");
        broker.createTopic(topics.results(), 1);
        final var campaign = UUID.randomUUID().toString();
        simulator.registerCampaign(campaign);
        try (var connector = new RunningConnector(broker.bootstrapServers(), SchemaRegistry.shared().url(), topics,
                simulator, "big-" + UUID.randomUUID(), Map.of("connector.limits.max-numbers-per-operation", 20_000,
                "connector.limits.max-request-bytes", 4_000_000));
             var collector = ResultCollector.on(broker, serde, topics)) {
            final var valid = IntStream.range(0, 10_000).mapToObj(i -> String.format("+1202555%04d", i)).toList();
            final var accepted = send(broker, topics, order(campaign, valid));
            final var refused = send(broker, topics, order(campaign, Collections.nCopies(10_000, "+1000")));
            final var good = send(broker, topics, purchase());
            for (final var id : List.of(accepted, refused, good)) {
                await().atMost(BOUND).until(() -> collector.result(id), Objects::nonNull);
            }
            final var big = collector.result(accepted).value();
            final var rejected = collector.result(refused).value();
            System.out.printf("%nLoopHealthIT 10,000 numbers: valid order -> %s; invalid order -> %s with %d errors"
                    + " listed (%s); purchase behind -> %s; aborts %.0f%n", big.getStatus(), rejected.getStatus(),
                    rejected.getErrors().size(), rejected.getErrors().getLast().getDetail(),
                    collector.result(good).value().getStatus(), aborts(connector));
            assertThat(big.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(rejected.getStatus()).isEqualTo(ResultStatus.REJECTED);
            assertThat(rejected.getErrors()).hasSize(21);
            assertThat(collector.result(good).value().getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(aborts(connector)).isZero();
        }
    }

    private static double downGauge(final RunningConnector connector, final String check) {
        return connector.context().getBean(MeterRegistry.class).get("connector.health.down").tag("check", check)
                .gauge().value();
    }

    private static double aborts(final RunningConnector connector) {
        final var counter = connector.context().getBean(MeterRegistry.class).find("connector.transactions.aborted")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static TestTopics topics(final KafkaBroker broker, final String name) {
        final var suffix = name + "." + UUID.randomUUID().toString().substring(0, 8);
        final var topics = new TestTopics("it.requests." + suffix, "it.results." + suffix, "it.dlq." + suffix,
                "it.intents." + suffix, "it-" + suffix);
        broker.createTopic(topics.requests(), 1);
        broker.createTopic(topics.dlq(), 1);
        return topics;
    }

    private static NumberRequest purchase() {
        return NumberRequestFactory.of("health-" + UUID.randomUUID(), SignalWirePurchasePhoneNumber.newBuilder()
                .setNumber(String.format("+1303555%04d", SEQ.incrementAndGet())).build());
    }

    private static NumberRequest order(final String campaign, final List<String> numbers) {
        return NumberRequestFactory.of("order-" + UUID.randomUUID(), SignalWireCreateAssignmentOrder.newBuilder()
                .setCampaignId(campaign).setPhoneNumbers(numbers).setStatusCallbackUrl(null).build());
    }

    private static String send(final KafkaBroker broker, final TestTopics topics, final NumberRequest request)
            throws Exception {
        final var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
             var serializer = new ConfluentAvroSerializer<NumberRequest>(serde)) {
            producer.send(new ProducerRecord<>(topics.requests(), "k".getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topics.requests(), request))).get();
        }
        return request.getRequestId().toString();
    }
}
