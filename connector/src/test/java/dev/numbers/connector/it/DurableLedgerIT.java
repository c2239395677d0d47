package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.RegistryProxy;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentState;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable ledger across a restart: real broker, real registry, the simulator over HTTP, the connector in-process
 * with a RocksDB store in a temporary directory and a one-hour dedupe window.
 */
class DurableLedgerIT {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final int FIRST_RUN = 20;
    private static final int TAIL = 5;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static ProviderSimulator simulator;
    private static SerdeConfig serde;

    @TempDir
    Path stateDir;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String requests = "durable.requests." + suffix;
    private final String results = "durable.results." + suffix;
    private final String intents = "durable.intents." + suffix;
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

    @AfterEach
    void stopConnector() {
        if (connector != null) {
            connector.close();
        }
    }

    @Test
    void aRestartReadsOnlyTheTailAnswersDuplicatesFromDiskRejectsStaleRequestsAndTombstonesExpiredIds() {
        createTopics();
        // Completed three hours ago by an earlier run: past the window, so it must be tombstoned.
        final var old = purchase("expired-1", uniqueNumber(), Instant.now().minus(Duration.ofHours(3)));
        traffic().writeIntent(completedIntent(old, stored(old, "pn-old")));

        connector = start();
        final var first = new ArrayList<NumberRequest>();
        for (int i = 0; i < FIRST_RUN; i++) {
            first.add(purchase("run1-" + i, uniqueNumber(), Instant.now()));
        }
        traffic().send(first);
        final var answered = traffic().results(FIRST_RUN, WAIT);
        assertThat(answered).allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.SUCCEEDED));
        await().atMost(Duration.ofSeconds(60)).until(() -> tombstoned("expired-1"));
        // Between catch-ups the store follows the topic (its own STARTED and COMPLETED of all 20 requests): after a
        // crash a restart would read only what came after.
        await().atMost(Duration.ofSeconds(30)).until(() -> connector.getBean(MeterRegistry.class)
                .counter("connector.ledger.followed.records").count() >= 2 * FIRST_RUN);
        final var runOneRead = restored(connector);
        connector.close();
        connector = null;

        // What other instances wrote while this one was down: the only records the restart may read.
        final var tail = new ArrayList<NumberRequest>();
        for (int i = 0; i < TAIL; i++) {
            final var request = purchase("tail-" + i, uniqueNumber(), Instant.now());
            tail.add(request);
            traffic().writeIntent(completedIntent(request, stored(request, "pn-tail-" + i)));
        }

        connector = start();
        final var again = first.get(7);
        final var stale = purchase("stale-1", uniqueNumber(), Instant.now().minus(WINDOW).minusSeconds(120));
        traffic().send(List.of(again, tail.get(2), stale, old));
        final var all = traffic().results(FIRST_RUN + 4, WAIT);
        final var restartRead = restored(connector);
        System.out.printf("durable ledger: first run read %.0f intent record(s) at start; restart read %.0f (tail"
                + " written while down: %d); entries on disk ~%.0f%n", runOneRead, restartRead, TAIL,
                connector.getBean(MeterRegistry.class).get("connector.ledger.entries").gauge().value());
        assertThat(restartRead).isEqualTo(TAIL);

        // Answered concurrently, so in any order.
        final var second = new HashMap<String, NumberResult>();
        all.subList(FIRST_RUN, FIRST_RUN + 4).forEach(r -> second.put(r.getRequestId().toString(), r));
        assertThat(second.get("run1-7")).isEqualTo(answered.stream()
                .filter(r -> r.getRequestId().contentEquals(again.getRequestId())).findFirst().orElseThrow());
        assertThat(simulator.purchaseCount(number(again))).isEqualTo(1);
        assertThat(second.get("tail-2")).isEqualTo(stored(tail.get(2), "pn-tail-2"));
        assertThat(simulator.purchaseCount(number(tail.get(2)))).isZero();
        for (final var rejected : List.of(second.get("stale-1"), second.get("expired-1"))) {
            assertThat(rejected.getStatus()).isEqualTo(ResultStatus.REJECTED);
            assertThat(rejected.getErrors()).extracting(e -> e.getCode().toString()).containsExactly("stale_request");
        }
        assertThat(simulator.purchaseCount(number(stale))).isZero();
        assertThat(simulator.purchaseCount(number(old))).isZero();
    }

    @Test
    void aStoreOfADeletedAndRecreatedIntentsTopicIsWipedAndRestoredFromTheNewTopic() throws Exception {
        createTopics();
        connector = start();
        traffic().send(List.of(purchase("before-1", uniqueNumber(), Instant.now())));
        assertThat(traffic().results(1, WAIT)).hasSize(1);
        connector.close();
        connector = null;

        try (var admin = KafkaBroker.shared().admin()) {
            admin.deleteTopics(List.of(intents)).all().get();
            await().atMost(Duration.ofSeconds(60)).until(() -> !admin.listTopics().names().get().contains(intents));
        }
        KafkaBroker.shared().createCompactedTopic(intents, 2);
        final var carried = purchase("carried-1", uniqueNumber(), Instant.now());
        traffic().writeIntent(completedIntent(carried, stored(carried, "pn-carried")));

        connector = start();
        traffic().send(List.of(carried));
        final var answer = traffic().results(2, WAIT).get(1);
        final var meters = connector.getBean(MeterRegistry.class);
        final double wiped = meters.counter("connector.ledger.store.wiped", "reason", "topic-recreated").count();
        System.out.printf("recreated intents topic: store wiped %.0f time(s) (topic-recreated), %.0f intent(s)"
                + " restored from the new topic%n", wiped, restored(connector));
        assertThat(wiped).isEqualTo(1.0);
        assertThat(restored(connector)).isEqualTo(1.0);
        assertThat(answer).isEqualTo(stored(carried, "pn-carried"));
        assertThat(simulator.purchaseCount(number(carried))).isZero();
    }

    @Test
    void aRegistryAwayAtStartHoldsTheCatchUpRatherThanTakingCompletedIntentsForStarts() {
        createTopics();
        // Completed by another instance; this one starts with an empty store, so it must read it from the topic.
        final var done = purchase("done-1", uniqueNumber(), Instant.now());
        traffic().writeIntent(completedIntent(done, stored(done, "pn-done")));

        try (var registry = RegistryProxy.start(SchemaRegistry.shared().url())) {
            registry.refuse(401);
            connector = start(registry.url());
            final var meters = connector.getBean(MeterRegistry.class);
            // Tried again and again while refused; read as "may have run" the COMPLETED would be stored for good as a
            // STARTED (whichever comes first ends the wait).
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.refusedCount() >= 3 || entries(meters) > 0);
            final double heldEntries = entries(meters);
            assertThat(heldEntries).isZero();
            assertThat(registry.refusedCount()).isGreaterThanOrEqualTo(3);
            // And /health says so: DOWN (ledger) while the catch-up waits for the registry.
            await().atMost(Duration.ofSeconds(10)).until(() -> ledgerDown(meters) == 1.0);
            registry.pass();
            traffic().send(List.of(done));
            final var answer = traffic().results(1, WAIT).get(0);
            System.out.printf("registry refused %d call(s) at start; ledger entries meanwhile %.0f, after %.0f%n",
                    registry.refusedCount(), heldEntries, entries(meters));
            assertThat(ledgerDown(meters)).isZero();
            // Answered from the COMPLETED: the same result, no reconciliation, no second purchase.
            assertThat(answer).isEqualTo(stored(done, "pn-done"));
            assertThat(simulator.purchaseCount(number(done))).isZero();
        }
    }

    /** This test's requests, results and DLQ topics (one partition each) and its intents topic (two, compacted). */
    private void createTopics() {
        KafkaBroker.shared().createTopic(requests, 1);
        KafkaBroker.shared().createTopic(results, 1);
        KafkaBroker.shared().createTopic(requests.replace("requests", "dlq"), 1);
        KafkaBroker.shared().createCompactedTopic(intents, 2);
    }

    private ApplicationContext start() {
        return start(SchemaRegistry.shared().url());
    }

    private ApplicationContext start(final String registryUrl) {
        final var topics = new TestTopics(requests, results, requests.replace("requests", "dlq"), intents,
                "it-" + requests);
        final var props = RunningConnector.settings(KafkaBroker.shared().bootstrapServers(),
                registryUrl, topics, simulator, "durable-it");
        props.put("connector.ledger.state-dir", stateDir.toString());
        props.put("connector.ledger.dedupe-window", "1h");
        props.put("connector.ledger.clock-margin", "1m");
        props.put("connector.ledger.expiry-interval", "1s");
        return ApplicationContext.run(props);
    }

    /** connector_health_down{check="ledger"}: 1 while /health is DOWN for the ledger. */
    private static double ledgerDown(final MeterRegistry meters) {
        return meters.get("connector.health.down").tag("check", "ledger").gauge().value();
    }

    /** Entries in the ledger's store; 0 before the ledger exists. */
    private static double entries(final MeterRegistry meters) {
        final var gauge = meters.find("connector.ledger.entries").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private static double restored(final ApplicationContext context) {
        return context.getBean(MeterRegistry.class).counter("connector.ledger.restore.records").count();
    }

    private boolean tombstoned(final String requestId) {
        return CommittedRecords.readAll(KafkaBroker.shared().bootstrapServers(), intents).stream()
                .anyMatch(r -> requestId.equals(new String(r.key(), StandardCharsets.UTF_8)) && r.value() == null);
    }

    private static NumberRequest purchase(final String id, final String number, final Instant requestedAt) {
        return NumberRequest.newBuilder().setRequestId(id).setRequestedAt(requestedAt).setTenant("team-a")
                .setCorrelationId("corr-" + id)
                .setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number).build()).build();
    }

    private static String number(final NumberRequest request) {
        return ((SignalWirePurchasePhoneNumber) request.getOperation()).getNumber().toString();
    }

    private static NumberResult stored(final NumberRequest request, final String id) {
        return NumberResult.newBuilder().setRequestId(request.getRequestId()).setProvider(Provider.SIGNALWIRE)
                .setOperation(OperationType.PURCHASE_PHONE_NUMBER).setStatus(ResultStatus.SUCCEEDED)
                .setResource(PhoneNumber.newBuilder().setId(id).setNumber(number(request)).setNumberType("longcode")
                        .build())
                .setErrors(List.of()).setAttempts(1).setStartedAt(request.getRequestedAt())
                .setFinishedAt(request.getRequestedAt()).setReconciled(false).setTenant("team-a")
                .setCorrelationId(request.getCorrelationId()).build();
    }

    private static Intent completedIntent(final NumberRequest request, final NumberResult result) {
        return Intent.newBuilder().setRequestId(request.getRequestId()).setState(IntentState.COMPLETED)
                .setRequest(request).setUpdatedAt(Instant.now()).setResult(result).setAttempt(1).build();
    }

    private static String uniqueNumber() {
        return "+1720555" + String.format("%04d", SEQ.incrementAndGet() % 10_000);
    }

    private LedgerTraffic traffic() {
        return new LedgerTraffic(serde, requests, results, intents);
    }
}
