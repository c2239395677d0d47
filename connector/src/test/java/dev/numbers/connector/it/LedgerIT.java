package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentSource;
import dev.numbers.schemas.avro.IntentState;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The intent ledger end to end: real broker, real registry, the simulator over HTTP, the connector in-process. */
class LedgerIT {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static ProviderSimulator simulator;
    private static SerdeConfig serde;

    private String requests;
    private String results;
    private String intents;
    private ApplicationContext connector;

    @BeforeAll
    static void startSimulator() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        serde = SerdeConfig.of(SchemaRegistry.shared().url());
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void topics() {
        final var suffix = SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        requests = "ledger.requests." + suffix;
        results = "ledger.results." + suffix;
        intents = "ledger.intents." + suffix;
        KafkaBroker.shared().createTopic(requests, 1);
        KafkaBroker.shared().createTopic(results, 1);
        KafkaBroker.shared().createTopic("ledger.dlq." + suffix, 1);
        simulator.faults().clear();
    }

    @AfterEach
    void stopConnector() {
        if (connector != null) {
            connector.close();
        }
        simulator.faults().clear();
    }

    @Test
    void duplicateRequestIdIsAnsweredFromTheLedgerWithoutBuyingAgain() {
        final var number = uniqueNumber();
        startConnector();
        send(purchase("dup-1", number));
        final var first = results(1).getFirst();
        send(purchase("dup-1", number));
        final var both = results(2);
        assertThat(both).hasSize(2);
        assertThat(both.get(1)).isEqualTo(first);
        assertThat(simulator.purchaseCount(number)).isEqualTo(1);
        assertThat(intentStates("dup-1")).containsExactly(IntentState.STARTED, IntentState.COMPLETED);
    }

    @Test
    void requestLeftStartedByACrashedRunIsFoundAtTheProviderNotBoughtAgain() throws Exception {
        final var number = uniqueNumber();
        // What a run killed after its POST left looks like: the number is bought, the ledger says STARTED.
        buyDirectly(number);
        final var request = purchase("crashed-1", number);
        KafkaBroker.shared().createCompactedTopic(intents, 3);
        writeIntent(Intent.newBuilder().setRequestId("crashed-1").setState(IntentState.STARTED).setRequest(request)
                .setUpdatedAt(Instant.now().minusSeconds(5)).setResult(null).setAttempt(1).build());
        startConnector();
        send(request);
        final var result = results(1).getFirst();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(result.getReconciled()).isTrue();
        assertThat(((PhoneNumber) result.getResource()).getNumber()).isEqualTo(number);
        assertThat(simulator.purchaseCount(number)).isEqualTo(1);
        assertThat(intentStates("crashed-1")).last().isEqualTo(IntentState.COMPLETED);
    }

    @Test
    void recordAnsweredBeforeARestartIsNotAnsweredTwiceButADuplicateIs() {
        final var number = uniqueNumber();
        final var request = purchase("again-1", number);
        final var stored = NumberResult.newBuilder().setRequestId("again-1").setProvider(Provider.SIGNALWIRE)
                .setOperation(OperationType.PURCHASE_PHONE_NUMBER).setStatus(ResultStatus.SUCCEEDED)
                .setResource(PhoneNumber.newBuilder().setId("pn-stored").setNumber(number).setNumberType("longcode")
                        .build())
                .setErrors(List.of()).setAttempts(1).setStartedAt(Instant.now()).setFinishedAt(Instant.now())
                .setReconciled(false).setTenant("team-a").setCorrelationId("corr-again-1").build();
        // The result of offset 0 was committed with its COMPLETED intent, but the offset itself was not.
        KafkaBroker.shared().createCompactedTopic(intents, 3);
        writeIntent(Intent.newBuilder().setRequestId("again-1").setState(IntentState.COMPLETED).setRequest(request)
                .setUpdatedAt(Instant.now()).setResult(stored).setAttempt(1)
                .setSource(IntentSource.newBuilder().setTopic(requests).setPartition(0).setOffset(0L).build())
                .build());
        startConnector();
        send(request);
        send(purchase("marker-1", uniqueNumber()));
        final var first = results(1).getFirst();
        assertThat(first.getRequestId()).isEqualTo("marker-1");
        send(request);
        final var all = results(2);
        assertThat(all).extracting(NumberResult::getRequestId).containsExactly("marker-1", "again-1");
        assertThat(all.get(1)).isEqualTo(stored);
        assertThat(simulator.purchaseCount(number)).isZero();
    }

    @Test
    void ambiguousFailuresNeverBuyANumberTwice() {
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.ambiguous(0.5));
        startConnector();
        final var numbers = new ArrayList<String>();
        final var batch = new ArrayList<NumberRequest>();
        for (int i = 0; i < 30; i++) {
            numbers.add(uniqueNumber());
            batch.add(purchase("amb-" + i, numbers.getLast()));
        }
        send(batch.toArray(NumberRequest[]::new));
        final var all = results(30);
        assertThat(all).hasSize(30).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
        assertThat(all).anySatisfy(r -> assertThat(r.getReconciled()).isTrue());
        assertThat(numbers).allSatisfy(n -> assertThat(simulator.purchaseCount(n)).isEqualTo(1));
    }

    @Test
    void intentsTopicThatDeletesIsRefusedAtStartUp() throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(intents, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "delete")))).all().get();
        }
        startConnector(Map.of("micronaut.server.port", 0));
        final var server = connector.getBean(EmbeddedServer.class).start();
        final var http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            final var health = http.send(HttpRequest.newBuilder(server.getURI().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("cleanup.policy=delete", "must be compacted");
        });
        send(purchase("never-1", uniqueNumber()));
        assertThat(CommittedRecords.readAll(KafkaBroker.shared().bootstrapServers(), results)).isEmpty();
    }

    private void startConnector() {
        startConnector(Map.of());
    }

    private void startConnector(final Map<String, Object> overrides) {
        final var topics = new TestTopics(requests, results, requests.replace("requests", "dlq"), intents,
                "it-" + requests);
        final var props = RunningConnector.settings(KafkaBroker.shared().bootstrapServers(),
                SchemaRegistry.shared().url(), topics, simulator, "ledger-it");
        props.put("connector.ledger.partitions", 2);
        props.put("connector.retry.max-attempts", 8);
        props.put("connector.retry.initial-backoff", "50ms");
        props.put("connector.retry.max-backoff", "1s");
        props.putAll(overrides);
        connector = ApplicationContext.run(props);
    }

    private static NumberRequest purchase(final String id, final String number) {
        return NumberRequest.newBuilder().setRequestId(id).setRequestedAt(Instant.now()).setTenant("team-a")
                .setCorrelationId("corr-" + id)
                .setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number).build()).build();
    }

    private static String uniqueNumber() {
        return "+1303555" + String.format("%04d", SEQ.incrementAndGet() % 10_000);
    }

    private void buyDirectly(final String number) throws Exception {
        final var auth = Base64.getEncoder().encodeToString((simulator.config().signalWireProjectId() + ":"
                + simulator.config().signalWireToken()).getBytes(StandardCharsets.UTF_8));
        final var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(simulator.signalWireBaseUrl() + "/phone_numbers"))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"number\":\"" + number + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    private void send(final NumberRequest... values) {
        traffic().send(List.of(values));
    }

    private void writeIntent(final Intent intent) {
        traffic().writeIntent(intent);
    }

    private List<NumberResult> results(final int count) {
        return traffic().results(count, Duration.ofSeconds(60));
    }

    private LedgerTraffic traffic() {
        return new LedgerTraffic(serde, requests, results, intents);
    }

    private List<IntentState> intentStates(final String requestId) {
        try (var deserializer = new ConfluentAvroDeserializer<>(Intent.class, serde)) {
            return CommittedRecords.readAll(KafkaBroker.shared().bootstrapServers(), intents).stream()
                    .filter(r -> requestId.equals(new String(r.key(), StandardCharsets.UTF_8)))
                    .map(r -> deserializer.deserialize(intents, r.value()).getState()).toList();
        }
    }
}
