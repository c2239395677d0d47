package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaServerProcess;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, broker restart: the standalone Kafka server is killed (SIGKILL), stays away for 10 s and is started
 * again on the same port and data, while the connector works through purchases and more keep arriving. Nothing is
 * lost, nothing is bought twice, every request gets exactly one result.
 *
 * <p>Killed, not stopped with SIGTERM: on this one-broker cluster a controlled shutdown can leave a hanging
 * transaction behind (a Kafka defect, see {@code KafkaServerProcess#crash}); one of twelve SIGTERM runs met it, and
 * the connector then said so (the ledger's catch-up names the transaction and {@code /health} turns DOWN with
 * {@code ledger}) but cannot end it by itself. A restarted broker can skip markers the same way while it is still
 * fenced (seen once, on {@code __consumer_offsets}); that case is not yet reported by the connector.
 */
class BrokerRestartIT {

    private static final int REQUESTS = 600;
    private static final Duration DOWNTIME = Duration.ofSeconds(10);

    private static ProviderSimulator simulator;
    private static KafkaServerProcess broker;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        broker = KafkaServerProcess.start(KafkaServerProcess.Settings.in(
                Path.of("target", "it-brokers", "broker-restart-" + UUID.randomUUID()).toAbsolutePath()));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        simulator.close();
    }

    @Test
    void aBrokerRestartMidRunLosesNoRequestAndBuysNoNumberTwice() throws Exception {
        final var began = Instant.now();
        final var registry = SchemaRegistry.shared().url();
        final var topics = TestTopics.create(broker, "restart");
        final var purchases = Purchase.distinct("restart", "+1312555", REQUESTS);
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.latency(20, 80));
        try (var sender = new RequestSender(broker.bootstrapServers(), registry, topics.requests());
             var connector = ConnectorProcess.forTest("BrokerRestartIT", broker.bootstrapServers(), topics, simulator,
                     "restart-connector-1", Map.of("connector.max-in-flight", "16"))) {
            connector.start();
            connector.awaitUp(Duration.ofSeconds(60));
            final var flow = sender.sendPaced(purchases, 20, Duration.ofMillis(500));
            await().atMost(Duration.ofSeconds(60)).until(() -> Purchase.sold(purchases, simulator) >= REQUESTS / 4);

            final int soldBeforeRestart = Purchase.sold(purchases, simulator);
            assertThat(flow.isAlive()).as("requests are still arriving when the broker goes down").isTrue();
            broker.crash();
            Thread.sleep(DOWNTIME); // how long the broker is away is the scenario
            final var restarting = Instant.now();
            broker.startAgain();
            final var startup = Duration.between(restarting, Instant.now());
            flow.join(Duration.ofSeconds(120));
            final boolean committed = CommittedRecords.awaitAllCommitted(broker.bootstrapServers(), topics,
                    Duration.ofSeconds(120));
            connector.stop();

            final var report = DeliveryReport.of("BrokerRestartIT: " + REQUESTS + " purchases, broker restarted",
                    purchases, broker.bootstrapServers(), registry, topics, simulator);
            report.print("numbers sold before restart:  " + soldBeforeRestart
                    + "\nbroker down:                  " + DOWNTIME.toSeconds() + " s + " + startup.toMillis()
                    + " ms start-up\nall requests committed:       " + committed
                    + "\ntotal wall time:              " + Duration.between(began, Instant.now()).toSeconds() + " s");
            report.assertExactlyOnce(connector.diagnosis());
        }
    }
}
