package dev.numbers.connector.it;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash: the connector is a separate process, SIGKILLed at random moments while purchases flow and the
 * provider sometimes performs a purchase and then drops the connection. Afterwards every request has exactly one
 * committed SUCCEEDED result, the provider sold every number exactly once, and nothing went to the DLQ.
 */
class CrashIT {

    private static final int REQUESTS = 2_000;
    private static final int KILLS = 22;
    /** Provider latency 50..200 ms with 16 in flight: most kills land on purchases the provider is performing. */
    private static final EndpointFault SLOW = EndpointFault.latency(50, 150);
    private static final EndpointFault SLOW_AND_AMBIGUOUS = new EndpointFault(50, 0, 500, 0, 0.15, 150);

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
    void everyRequestGetsOneSucceededResultAndEveryNumberIsBoughtOnceAcrossRepeatedSigkills() throws Exception {
        final var began = Instant.now();
        final var broker = KafkaBroker.shared();
        final var registry = SchemaRegistry.shared().url();
        final var topics = TestTopics.create(broker, "crash");
        final var purchases = Purchase.distinct("crash", "+1202555", REQUESTS);
        final var lives = new ArrayList<String>();
        int kills = 0;
        try (var sender = new RequestSender(broker.bootstrapServers(), registry, topics.requests());
             var connector = ConnectorProcess.forTest("CrashIT", broker.bootstrapServers(), topics, simulator,
                     "crash-connector-1",
                     Map.of("connector.max-in-flight", "16", "connector.retry.max-attempts", "5"))) {
            final int slice = REQUESTS / (KILLS + 1);
            for (int life = 0; life < KILLS; life++) {
                // Ambiguous purchases (performed, then the connection dropped) during the middle third of the run.
                final boolean ambiguous = life >= KILLS / 3 && life < 2 * KILLS / 3;
                simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, ambiguous ? SLOW_AND_AMBIGUOUS : SLOW);
                sender.send(purchases.subList(life * slice, (life + 1) * slice));
                connector.start();
                final var up = connector.awaitUp(Duration.ofSeconds(60));
                final long runMillis = ThreadLocalRandom.current().nextLong(1_000, 4_001);
                Thread.sleep(runMillis); // the random moment of the crash is the point of this test
                connector.kill();
                kills++;
                lives.add("life " + (life + 1) + ": up after " + up.toMillis() + " ms, killed " + runMillis
                        + " ms later" + (ambiguous ? " (ambiguous 15%)" : ""));
            }
            // The last life may finish: the rest of the requests, no more faults but the latency.
            simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, SLOW);
            sender.send(purchases.subList(KILLS * slice, REQUESTS));
            connector.start();
            connector.awaitUp(Duration.ofSeconds(60));
            final var killPhase = Duration.between(began, Instant.now());
            CommittedRecords.awaitAllCommitted(broker.bootstrapServers(), topics, Duration.ofSeconds(120));
            connector.stop();

            final var report = DeliveryReport.of("CrashIT: " + REQUESTS + " purchases, " + kills + " SIGKILLs",
                    purchases, broker.bootstrapServers(), registry, topics, simulator);
            lives.forEach(System.out::println);
            report.print("SIGKILLs:                     " + kills + " (connector starts: " + connector.starts()
                    + ")\npurchase answers lost (log):  " + connector.countLogLines("purchase: no answer")
                    + "\nkill phase / total wall time: " + killPhase.toSeconds() + " s / "
                    + Duration.between(began, Instant.now()).toSeconds() + " s\nconnector log:                "
                    + connector.log().toAbsolutePath());
            report.assertExactlyOnce(connector.diagnosis());
        }
    }
}
