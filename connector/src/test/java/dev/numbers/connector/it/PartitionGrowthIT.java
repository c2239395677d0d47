package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Partitions added to the intents topic while an instance runs would split one request_id's intents over partitions
 * its claims and tail never read together; the instance cannot follow that in flight, so it must refuse to go on
 * with a clear reason (health DOWN naming the topic and the counts) and take no more requests.
 */
class PartitionGrowthIT {

    private static ProviderSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void partitionsAddedToTheIntentsTopicStopTheInstanceWithTheReasonOnHealth() throws Exception {
        final var broker = KafkaBroker.shared();
        final var topics = TestTopics.create(broker, "partition-growth");
        final var before = Purchase.distinct("growth-before", "+1415557", 3);
        final var after = Purchase.distinct("growth-after", "+1415558", 3);
        try (var sender = new RequestSender(broker.bootstrapServers(), SchemaRegistry.shared().url(),
                topics.requests());
             var connector = ConnectorProcess.forTest("PartitionGrowthIT", broker.bootstrapServers(), topics,
                     simulator, "growth-" + UUID.randomUUID(), Map.of())) {
            connector.start();
            connector.awaitUp(Duration.ofSeconds(60));
            sender.send(before);
            await().atMost(Duration.ofSeconds(60)).until(() -> Purchase.sold(before, simulator) == before.size());
            final int partitions;
            try (var admin = broker.admin()) {
                partitions = admin.describeTopics(List.of(topics.intents())).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(topics.intents()).partitions().size();
                admin.createPartitions(Map.of(topics.intents(), NewPartitions.increaseTo(partitions + 2))).all()
                        .get(30, TimeUnit.SECONDS);
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(connector.get("/health"))
                    .contains("partition count changed").contains(topics.intents() + "=" + partitions + " -> "
                            + (partitions + 2)));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(connector.get("/health"))
                    .contains("not polling"));
            sender.send(after);
            // The loop has ended (health says it does not poll): nothing sent now can reach the provider. A few
            // seconds are enough to see a request that did get through, at the provider's latency.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> Purchase.sold(after, simulator) == 0);
            System.out.printf("%nPartitionGrowthIT: intents %d -> %d partitions; health: %s%n", partitions,
                    partitions + 2, connector.get("/health"));
            connector.stop();
        }
    }
}
