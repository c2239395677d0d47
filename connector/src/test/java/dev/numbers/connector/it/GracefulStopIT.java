package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A graceful stop (SIGTERM, as on every rollout) must end the connector with exit 0 and no JVM crash report, within
 * the drain time plus the closing of its clients ({@link ConnectorProcess#stop} asserts all three): with purchases in
 * flight and {@code /prometheus} scraped all through the stop (the two paths that crashed the JVM on a closed store),
 * and with the broker gone.
 */
class GracefulStopIT {

    private static final int PURCHASES = 40;

    private static ProviderSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        // Slow purchases: a stop always finds some of them at the provider.
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.latency(1_500, 1_500));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void aStopWithPurchasesInFlightAndScrapesUnderwayExitsZeroWithoutACrashReport() throws Exception {
        final var broker = KafkaBroker.shared();
        final var topics = TestTopics.create(broker, "graceful-inflight");
        final var purchases = Purchase.distinct("graceful-inflight", "+1415555", PURCHASES);
        try (var sender = new RequestSender(broker.bootstrapServers(), registry(), topics.requests());
             var connector = ConnectorProcess.forTest("GracefulStopIT-inflight", broker.bootstrapServers(), topics,
                     simulator, "graceful-" + UUID.randomUUID(), Map.of("connector.max-in-flight", "16"))) {
            connector.start();
            connector.awaitUp(Duration.ofSeconds(60));
            sender.send(purchases);
            await().atMost(Duration.ofSeconds(60)).until(() -> Purchase.sold(purchases, simulator) >= 1);
            final var scrapes = new AtomicInteger();
            final var scraper = Thread.ofVirtual().start(() -> scrapeUntilGone(connector, scrapes));

            final var stopping = Instant.now();
            connector.stop();
            final var took = Duration.between(stopping, Instant.now());
            scraper.join(Duration.ofSeconds(10));

            System.out.printf("%nGracefulStopIT in flight: exit 0 after %d ms, %d of %d sold when stopped at, %d"
                    + " scrapes during the stop%n", took.toMillis(), Purchase.sold(purchases, simulator), PURCHASES,
                    scrapes.get());
            assertThat(scrapes.get()).as("the scrapes ran during the stop").isPositive();
        }
    }

    @Test
    void aStopWithTheBrokerGoneExitsZeroWithinTheDrainTime() throws Exception {
        try (var broker = KafkaServerProcess.start(KafkaServerProcess.Settings.in(
                Path.of("target", "it-brokers", "graceful-" + UUID.randomUUID()).toAbsolutePath()))) {
            final var topics = TestTopics.create(broker, "graceful-gone");
            final var purchases = Purchase.distinct("graceful-gone", "+1415556", PURCHASES);
            try (var sender = new RequestSender(broker.bootstrapServers(), registry(), topics.requests());
                 var connector = ConnectorProcess.forTest("GracefulStopIT-gone", broker.bootstrapServers(), topics,
                         simulator, "graceful-" + UUID.randomUUID(), Map.of("connector.max-in-flight", "16"))) {
                connector.start();
                connector.awaitUp(Duration.ofSeconds(60));
                sender.send(purchases);
                await().atMost(Duration.ofSeconds(60)).until(() -> Purchase.sold(purchases, simulator) >= 1);
                broker.stop();

                final var stopping = Instant.now();
                connector.stop();
                System.out.printf("%nGracefulStopIT broker gone: exit 0 after %d ms%n",
                        Duration.between(stopping, Instant.now()).toMillis());
            }
        }
    }

    /** Scrapes {@code /prometheus} back to back until the connector's port closes, counting the answers. */
    private static void scrapeUntilGone(final ConnectorProcess connector, final AtomicInteger scrapes) {
        while (connector.isAlive()) {
            try {
                connector.get("/prometheus");
                scrapes.incrementAndGet();
            } catch (RuntimeException closedAlready) {
                return;
            }
        }
    }

    private static String registry() {
        return SchemaRegistry.shared().url();
    }
}
