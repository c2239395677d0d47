package dev.numbers.harness;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/** One combined KRaft broker+controller running inside the test JVM. */
final class InJvmKafkaBroker extends KafkaBroker {

    private final KafkaClusterTestKit cluster;
    private final List<Runnable> cleanUps;

    private InJvmKafkaBroker(final KafkaClusterTestKit cluster, final List<Runnable> cleanUps) {
        this.cluster = cluster;
        this.cleanUps = cleanUps;
    }

    /**
     * The test kit deletes its directories from JVM shutdown hooks of its own. Run in parallel with the hook that
     * stops the broker, they pulled the log directories away mid-shutdown: the broker declared them failed and the
     * test JVM exited non-zero after every test had passed (surefire: "Error occurred in starting fork"). Those
     * deletions are therefore collected here and run after the broker is closed.
     */
    static InJvmKafkaBroker start() {
        final var cleanUps = new ArrayList<Runnable>();
        Exit.setShutdownHookAdder((name, runnable) -> cleanUps.add(runnable));
        try {
            final var nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            final var cluster = new KafkaClusterTestKit.Builder(nodes)
                    // a single node: internal topics cannot have more replicas than that
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "4")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new InJvmKafkaBroker(cluster, List.copyOf(cleanUps));
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-JVM KRaft broker: " + e.getMessage(), e);
        } finally {
            Exit.resetShutdownHookAdder();
        }
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            cleanUps.forEach(Runnable::run);
        }
    }
}
