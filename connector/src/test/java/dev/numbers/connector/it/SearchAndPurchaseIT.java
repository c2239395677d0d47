package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SearchPurchase;
import dev.numbers.schemas.avro.SignalWireSearchAndPurchase;
import dev.numbers.schemas.avro.TelnyxSearchAndOrder;
import dev.numbers.schemas.serde.SerdeConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Search-and-purchase end to end (real broker, registry, simulator over HTTP, and a real connector process for the
 * crash): the candidate recorded before the purchase is the number a resumed run ends with, a candidate sold in
 * between falls back to the next, and no match is REJECTED no_numbers_available with the criteria.
 */
class SearchAndPurchaseIT {

    private static final AtomicInteger SEQ = new AtomicInteger();
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
    void buysTheFirstMatchFallsBackWhenACandidateIsTakenAndRejectsWhenNothingMatches() {
        final var topics = TestTopics.create(KafkaBroker.shared(), "search");
        try (var connector = new RunningConnector(KafkaBroker.shared().bootstrapServers(),
                SchemaRegistry.shared().url(), topics, simulator, "search", Map.of());
             var collector = ResultCollector.on(KafkaBroker.shared(), serde, topics)) {
            simulator.inventory("415", 5);
            final var first = send(topics, collector, criteria("415").setEndsWith("0003").build());
            assertThat(first.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat((SearchPurchase) first.getResource()).satisfies(bought -> {
                assertThat(bought.getNumber()).isEqualTo("+14152000003");
                assertThat(bought.getCandidatesTried()).containsExactly("+14152000003");
                assertThat(bought.getPhoneNumber().getNumber()).isEqualTo("+14152000003");
            });

            simulator.inventory("628", 10).sellAfterNextSearch(2);
            final var fallback = send(topics, collector, criteria("628").build());
            assertThat(fallback.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            final var bought = (SearchPurchase) fallback.getResource();
            assertThat(bought.getCandidatesTried()).containsExactly("+16282000000", "+16282000001", "+16282000002");
            assertThat(bought.getNumber()).isEqualTo("+16282000002");
            assertThat(simulator.purchaseCount("+16282000000") + simulator.purchaseCount("+16282000001")).isZero();
            System.out.printf("search-and-purchase: 2 candidates sold between search and buy, tried %s, bought %s%n",
                    bought.getCandidatesTried(), bought.getNumber());

            final var telnyx = send(topics, collector, TelnyxSearchAndOrder.newBuilder()
                    .setNationalDestinationCode("646").setEndsWith("0007").build());
            assertThat(telnyx.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat((SearchPurchase) telnyx.getResource()).satisfies(ordered -> {
                assertThat(ordered.getNumber()).isEqualTo("+16462000007");
                assertThat(ordered.getTelnyxOrder().getPhoneNumbers()).singleElement()
                        .satisfies(n -> assertThat(n.getPhoneNumber()).isEqualTo("+16462000007"));
            });
            assertThat(simulator.purchaseCount("+16462000007")).isEqualTo(1);

            simulator.inventory("212", 0);
            final var none = send(topics, collector, criteria("212").setContains("999").build());
            assertThat(none.getStatus()).isEqualTo(ResultStatus.REJECTED);
            assertThat(none.getErrors()).singleElement().satisfies(e -> {
                assertThat(e.getCode().toString()).isEqualTo("no_numbers_available");
                assertThat(e.getDetail().toString()).contains("areacode=212", "contains=999");
            });
        }
    }

    /**
     * Telnyx answers a number order pending and fails it later when the number went elsewhere: the connector waits
     * for the order's end, and on failure orders the next candidate; the failed order sold nothing.
     */
    @Test
    void aTelnyxOrderThatFailsAfterItWasAcceptedFallsBackToTheNextCandidate() {
        final var topics = TestTopics.create(KafkaBroker.shared(), "search-telnyx-failure");
        try (var connector = new RunningConnector(KafkaBroker.shared().bootstrapServers(),
                SchemaRegistry.shared().url(), topics, simulator, "search-telnyx-failure",
                Map.of("connector.search.telnyx-order-poll", "100ms"));
             var collector = ResultCollector.on(KafkaBroker.shared(), serde, topics)) {
            simulator.inventory("347", 5).failTelnyxOrdersFor("+13472000000");
            final var result = send(topics, collector, TelnyxSearchAndOrder.newBuilder()
                    .setNationalDestinationCode("347").build());
            final var ordered = (SearchPurchase) result.getResource();
            System.out.printf("telnyx search-and-order: the order for +13472000000 failed after it was accepted;"
                    + " tried %s, bought %s (order %s), sold: +13472000000 x%d, +13472000001 x%d%n",
                    ordered.getCandidatesTried(), ordered.getNumber(), ordered.getTelnyxOrder().getStatus(),
                    simulator.purchaseCount("+13472000000"), simulator.purchaseCount("+13472000001"));
            assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(ordered.getCandidatesTried()).containsExactly("+13472000000", "+13472000001");
            assertThat(ordered.getNumber()).isEqualTo("+13472000001");
            assertThat(ordered.getTelnyxOrder().getStatus()).isEqualTo("success");
            assertThat(simulator.purchaseCount("+13472000000")).isZero();
            assertThat(simulator.purchaseCount("+13472000001")).isEqualTo(1);
        }
    }

    /**
     * The purchase of the recorded candidate is performed but its answer is held; the connector process is killed
     * meanwhile. The next process must end the request with that same number (reconciled), not buy another one.
     */
    @Test
    void aCrashBetweenCandidateRecordedAndPurchaseAnsweredEndsWithThatSameNumber() throws Exception {
        final var broker = KafkaBroker.shared();
        final var topics = TestTopics.create(broker, "search-crash");
        simulator.inventory("303", 20);
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.timeout(120_000));
        final var inventory = IntStream.range(0, 20).mapToObj(i -> "+1303" + (2_000_000 + i)).toList();
        try (var connector = ConnectorProcess.forTest("SearchAndPurchaseIT", broker.bootstrapServers(), topics,
                simulator, "search-crash-1", Map.of("connector.retry.request-timeout", "20s",
                        // The killed incarnation's claim stands until its purchase can no longer be performed
                        // (lease + clock margin + request time-out + this margin): about 95 s after the claim.
                        "connector.claims.provider-margin", "5s"));
             var collector = ResultCollector.on(broker, serde, topics)) {
            connector.start();
            connector.awaitUp(Duration.ofSeconds(60));
            final var id = produce(topics, criteria("303").build());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> inventory.stream().mapToInt(simulator::purchaseCount).sum() == 1);
            final var boughtWhileAnswerHeld = inventory.stream().filter(n -> simulator.purchaseCount(n) == 1)
                    .findFirst().orElseThrow();
            connector.kill();
            simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.NONE);
            connector.start();
            await().atMost(Duration.ofSeconds(180)).until(() -> collector.result(id) != null);
            final var result = collector.result(id).value();
            System.out.printf("search-and-purchase crash: bought %s while the answer was held, killed the process;"
                    + " after restart: %s %s reconciled=%s, purchases of the inventory: %d%n", boughtWhileAnswerHeld,
                    result.getStatus(), ((SearchPurchase) result.getResource()).getNumber(), result.getReconciled(),
                    inventory.stream().mapToInt(simulator::purchaseCount).sum());
            assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(result.getReconciled()).isTrue();
            assertThat(((SearchPurchase) result.getResource()).getNumber()).isEqualTo(boughtWhileAnswerHeld);
            assertThat(inventory.stream().mapToInt(simulator::purchaseCount).sum()).isEqualTo(1);
        } finally {
            simulator.faults().clear();
        }
    }

    private static SignalWireSearchAndPurchase.Builder criteria(final String areacode) {
        return SignalWireSearchAndPurchase.newBuilder().setAreacode(areacode);
    }

    private static NumberResult send(final TestTopics topics, final ResultCollector collector, final Object operation) {
        final var id = produce(topics, operation);
        await().atMost(Duration.ofSeconds(60)).until(() -> collector.result(id) != null);
        return collector.result(id).value();
    }

    private static String produce(final TestTopics topics, final Object operation) {
        final var id = "search-" + SEQ.incrementAndGet();
        final NumberRequest request = NumberRequestFactory.of(id, operation);
        NumberRequestFactory.publish(topics.requests(), serde, request);
        return id;
    }
}
