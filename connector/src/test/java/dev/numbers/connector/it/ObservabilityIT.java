package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.observability.MetricReferences;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.RecordedRequest;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import dev.numbers.schemas.tracing.TraceHeaders;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees of a running connector (real broker, real registry, the simulator over HTTP): every metric
 * the shipped dashboard and alert rules read is on {@code /prometheus}, and a request's W3C trace reaches the
 * provider call and the result record.
 */
class ObservabilityIT {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ProviderSimulator simulator;
    private static SerdeConfig serde;
    private static TestTopics topics;
    private static ApplicationContext connector;
    private static URI server;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        serde = SerdeConfig.of(SchemaRegistry.shared().url());
        topics = TestTopics.create(KafkaBroker.shared(), "observability");
        final var props = new HashMap<String, Object>(ConnectorProcess.settings(KafkaBroker.shared().bootstrapServers(),
                SchemaRegistry.shared().url(), topics, simulator, "obs-" + topics.group()));
        props.put("micronaut.server.port", 0);
        props.put("connector.ledger.partitions", 1);
        props.put("connector.providers.signalwire.api-token", simulator.config().signalWireToken());
        props.put("connector.providers.telnyx.api-key", simulator.config().telnyxApiKey());
        props.put("connector.retry.initial-backoff", "50ms");
        connector = ApplicationContext.run(props);
        server = connector.getBean(EmbeddedServer.class).start().getURI();
    }

    @AfterAll
    static void stop() {
        if (connector != null) {
            connector.close();
        }
        simulator.close();
    }

    @Test
    void aRequestsTraceReachesTheProviderCallTheLedgerAndTheResult() {
        final var sent = "00-" + "4bf92f3577b34da6a3ce929d0e0e4736" + "-" + "00f067aa0ba902b7" + "-01";
        final var traced = purchase("trace-" + SEQ.incrementAndGet(), uniqueNumber());
        final var untraced = purchase("no-trace-" + SEQ.incrementAndGet(), uniqueNumber());
        final var withHeader = record(traced);
        withHeader.headers().add(TraceHeaders.TRACEPARENT, sent.getBytes(StandardCharsets.UTF_8));
        KafkaIo.send(List.of(withHeader, record(untraced)));

        final var results = resultsOf(Set.of(traced.getRequestId(), untraced.getRequestId()));
        final var tracedResult = results.get(traced.getRequestId());
        final var untracedResult = results.get(untraced.getRequestId());
        assertThat(status(tracedResult)).isEqualTo(ResultStatus.SUCCEEDED);

        // the result continues the request's trace with a span of its own
        final var onResult = traceparent(tracedResult);
        assertThat(TraceHeaders.traceId(onResult)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(onResult).isNotEqualTo(sent);
        // the provider received the same trace on the purchase call
        final var call = providerCallFor(traced);
        assertThat(TraceHeaders.traceId(call.traceparent())).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        // a request without a trace starts one, and its provider call and result share it
        final var started = TraceHeaders.traceId(traceparent(untracedResult));
        assertThat(started).isNotEmpty().isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceHeaders.traceId(providerCallFor(untraced).traceparent())).isEqualTo(started);
        // the ledger's intents (STARTED before the call, COMPLETED with the result) carry the trace too
        final var intents = KafkaIo.readCommitted(topics.intents(), 4, Duration.ofSeconds(30)).stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(traced.getRequestId()))
                .map(ObservabilityIT::traceparent).map(TraceHeaders::traceId).toList();
        assertThat(intents).hasSize(2).containsOnly("4bf92f3577b34da6a3ce929d0e0e4736");
        System.out.printf("trace: sent %s; provider call got %s; result carries %s; %d intents carry its trace id;"
                + " untraced request started trace %s%n", sent, call.traceparent(), onResult, intents.size(), started);
    }

    @Test
    void everyMetricTheDashboardAndTheAlertRulesReadIsExported() throws Exception {
        final var referenced = MetricReferences.ofService("connector");
        // Drive what creates the metrics that exist only once something happened: a purchase, a duplicate of it,
        // an ambiguous purchase that is reconciled, and an undecodable record.
        final var first = purchase("metrics-" + SEQ.incrementAndGet(), uniqueNumber());
        KafkaIo.send(List.of(record(first)));
        resultsOf(Set.of(first.getRequestId()));
        final var duplicate = record(first);
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.ambiguous(1.0));
        final var ambiguous = purchase("ambiguous-" + SEQ.incrementAndGet(), uniqueNumber());
        KafkaIo.send(List.of(duplicate, record(ambiguous),
                new ProducerRecord<>(topics.requests(), 0, null, new byte[] {0, 0, 0, 0, 42, 1, 2})));
        resultsOf(Set.of(ambiguous.getRequestId()));
        simulator.faults().clear();

        final var missing = new AtomicReference<Set<String>>();
        final var exported = new AtomicReference<Set<String>>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            exported.set(MetricReferences.exported(HTTP.send(HttpRequest.newBuilder(server.resolve("/prometheus"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()));
            final var absent = new TreeSet<>(referenced);
            absent.removeAll(exported.get());
            missing.set(absent);
            assertThat(absent).as("metrics the dashboard or the rules read but /prometheus does not export").isEmpty();
        });
        System.out.printf("metrics: the dashboard and rules read %d metric names, all among the %d exported: %s%n",
                referenced.size(), exported.get().size(), referenced);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static NumberRequest purchase(final String id, final String number) {
        return NumberRequest.newBuilder().setRequestId(id).setRequestedAt(Instant.now()).setTenant("team-o")
                .setCorrelationId("corr-" + id)
                .setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number).build()).build();
    }

    private static String uniqueNumber() {
        return "+1202556" + String.format("%04d", 1000 + SEQ.incrementAndGet() * 13 % 9000);
    }

    private static ProducerRecord<byte[], byte[]> record(final NumberRequest request) {
        try (var serializer = new ConfluentAvroSerializer<NumberRequest>(serde)) {
            return new ProducerRecord<>(topics.requests(), request.getRequestId().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topics.requests(), request));
        }
    }

    /** The result records of these request ids (the first of each), waiting until all are committed. */
    private static Map<String, ConsumerRecord<byte[], byte[]>> resultsOf(final Set<String> ids) {
        final var found = new HashMap<String, ConsumerRecord<byte[], byte[]>>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (final var r : KafkaIo.readCommitted(topics.results(), 1, Duration.ofSeconds(30))) {
                final var id = new String(r.key(), StandardCharsets.UTF_8);
                if (ids.contains(id)) {
                    found.putIfAbsent(id, r);
                }
            }
            return found.keySet().containsAll(ids);
        });
        return found;
    }

    private static ResultStatus status(final ConsumerRecord<byte[], byte[]> record) {
        try (var deserializer = new ConfluentAvroDeserializer<>(NumberResult.class, serde)) {
            return deserializer.deserialize(record.topic(), record.value()).getStatus();
        }
    }

    private static String traceparent(final ConsumerRecord<byte[], byte[]> record) {
        final var header = record.headers().lastHeader(TraceHeaders.TRACEPARENT);
        assertThat(header).as("traceparent header on " + record.topic()).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static RecordedRequest providerCallFor(final NumberRequest request) {
        final var number = ((SignalWirePurchasePhoneNumber) request.getOperation()).getNumber();
        return simulator.requests().stream()
                .filter(r -> r.method().equals("POST") && r.body().contains(number))
                .findFirst().orElseThrow(() -> new AssertionError("no purchase call for " + number));
    }
}
