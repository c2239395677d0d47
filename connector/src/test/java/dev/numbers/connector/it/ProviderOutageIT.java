package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Provider outage: every provider endpoint answers 503 for 30 seconds mid-run, then recovers. Requests
 * caught in it are retried until the provider is back and all succeed, once each.
 *
 * <p>The retry must outlast the outage, and that is configuration a user sets: 40 attempts with the backoff capped at
 * 2 s (±50 % jitter, so at least 1 s apart once capped) keep a request trying for at least ~36 s. The defaults
 * (5 attempts, 200 ms doubling) give up after a few seconds and the request would be FAILED.
 */
class ProviderOutageIT {

    private static final int REQUESTS = 600;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private static ProviderSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void requestsCaughtInAThirtySecondOutageSucceedAfterRecoveryWithoutBuyingTwice() throws Exception {
        final var began = Instant.now();
        final var broker = KafkaBroker.shared();
        final var registry = SchemaRegistry.shared().url();
        final var topics = TestTopics.create(broker, "outage");
        final var purchases = Purchase.distinct("outage", "+1415555", REQUESTS);
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.latency(20, 80));
        try (var sender = new RequestSender(broker.bootstrapServers(), registry, topics.requests());
             var connector = ConnectorProcess.forTest("ProviderOutageIT", broker.bootstrapServers(), topics, simulator,
                     "outage-connector-1", Map.of("connector.max-in-flight", "16",
                             "connector.retry.max-attempts", "40", "connector.retry.initial-backoff", "200ms",
                             "connector.retry.max-backoff", "2s"))) {
            connector.start();
            connector.awaitUp(Duration.ofSeconds(60));
            final var flow = sender.sendPaced(purchases, 10, Duration.ofMillis(700));
            await().atMost(Duration.ofSeconds(60)).until(() -> Purchase.sold(purchases, simulator) >= REQUESTS / 6);

            simulator.faults().outage(true);
            // Calls the simulator admitted just before the switch still finish (its latency is at most 100 ms):
            // "before" is the count once it has held still for longer than that.
            final var lastSeen = new AtomicInteger(-1);
            await().pollInterval(Duration.ofMillis(250)).atMost(Duration.ofSeconds(10)).until(() ->
                    lastSeen.getAndSet(Purchase.sold(purchases, simulator)) == lastSeen.get());
            final int soldBeforeOutage = lastSeen.get();
            Thread.sleep(OUTAGE); // the outage's length is the scenario
            final int soldDuringOutage = Purchase.sold(purchases, simulator) - soldBeforeOutage;
            simulator.faults().outage(false);
            final var recovered = Instant.now();

            flow.join(Duration.ofSeconds(120));
            final boolean committed = CommittedRecords.awaitAllCommitted(broker.bootstrapServers(), topics,
                    Duration.ofSeconds(120));
            final var drain = Duration.between(recovered, Instant.now());
            connector.stop();

            final var report = DeliveryReport.of("ProviderOutageIT: " + REQUESTS + " purchases, " + OUTAGE.toSeconds()
                    + " s of 503", purchases, broker.bootstrapServers(), registry, topics, simulator);
            report.print("numbers sold before outage:   " + soldBeforeOutage + "\nnumbers sold during outage:   "
                    + soldDuringOutage + "\nall committed after recovery: " + committed + " (" + drain.toSeconds()
                    + " s)\ntotal wall time:              " + Duration.between(began, Instant.now()).toSeconds()
                            + " s");
            assertThat(soldDuringOutage).as("numbers sold while every endpoint answered 503").isZero();
            assertThat(report.maxAttempts()).as("attempts of the requests caught in the outage").isGreaterThan(10);
            report.assertExactlyOnce(connector.diagnosis());
        }
    }
}
