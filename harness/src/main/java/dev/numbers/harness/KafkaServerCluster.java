package dev.numbers.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three standalone Kafka servers ({@code kafka.Kafka}, each broker and controller, a static quorum of three) as child
 * processes, every topic with three replicas and two in sync required: the smallest cluster in which one node can go
 * down while every partition keeps a leader, as in production.
 *
 * <p>Why the restart tests use it instead of one broker: when a partition has no leader, Kafka 4.3's transaction
 * coordinator takes it for deleted ({@code KRaftMetadataCache.getPartitionLeaderEndpoint} answers empty for leader -1),
 * skips its commit marker and completes the transaction, which the partition then keeps open for good. On one broker
 * every partition is leaderless while that broker stops or starts, so a restart can leave such a hanging transaction
 * behind (docs/operations.md, Hanging transactions); on three, a restarted node's partitions move to the other two.
 */
public final class KafkaServerCluster extends KafkaBroker {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaServerCluster.class);
    private static final int NODES = 3;

    /** One node's ports and folder; node ids are 1..3. */
    private record Node(int id, int port, int controllerPort, Path dir) {
        Path config() {
            return dir.resolve("server.properties");
        }
    }

    private final List<Node> nodes;
    private final Map<Integer, ChildJvm> processes = new TreeMap<>();
    private final Duration startTimeout;

    private KafkaServerCluster(final List<Node> nodes, final Duration startTimeout) {
        this.nodes = nodes;
        this.startTimeout = startTimeout;
    }

    /** Formats three nodes under {@code dataDir}, starts them together (a quorum needs two) and waits for all. */
    public static KafkaServerCluster start(final Path dataDir) {
        final var nodes = IntStream.rangeClosed(1, NODES)
                .mapToObj(id -> new Node(id, FreePorts.next(), FreePorts.next(), dataDir.resolve("node-" + id)))
                .toList();
        final var cluster = new KafkaServerCluster(nodes, Duration.ofSeconds(120));
        final var clusterId = Uuid.randomUuid().toString();
        final var voters = nodes.stream().map(n -> n.id() + "@127.0.0.1:" + n.controllerPort())
                .collect(Collectors.joining(","));
        try {
            for (final var node : nodes) {
                Files.createDirectories(node.dir());
                Files.writeString(node.config(), serverProperties(node, voters));
                KafkaServerProcess.runStorageTool(List.of("format", "-t", clusterId, "-c",
                        node.config().toString()), node.dir().resolve("format.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare a Kafka cluster in " + dataDir, e);
        }
        nodes.forEach(cluster::launch);
        nodes.forEach(cluster::awaitReady);
        LOG.info("Kafka {} cluster of {} nodes at {} (data: {})", KafkaVersion.VERSION, NODES,
                cluster.bootstrapServers(), dataDir);
        return cluster;
    }

    private static String serverProperties(final Node n, final String voters) {
        final var lines = new TreeMap<String, String>();
        lines.put("process.roles", "broker,controller");
        lines.put("node.id", String.valueOf(n.id()));
        lines.put("controller.quorum.voters", voters);
        lines.put("listeners", "PLAINTEXT://127.0.0.1:" + n.port() + ",CONTROLLER://127.0.0.1:" + n.controllerPort());
        lines.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + n.port());
        lines.put("controller.listener.names", "CONTROLLER");
        lines.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        lines.put("inter.broker.listener.name", "PLAINTEXT");
        lines.put("log.dirs", n.dir().resolve("logs").toString());
        lines.put("default.replication.factor", String.valueOf(NODES));
        lines.put("min.insync.replicas", "2");
        lines.put("offsets.topic.replication.factor", String.valueOf(NODES));
        lines.put("offsets.topic.num.partitions", "4");
        lines.put("transaction.state.log.replication.factor", String.valueOf(NODES));
        lines.put("transaction.state.log.min.isr", "2");
        lines.put("transaction.state.log.num.partitions", "4");
        lines.put("group.initial.rebalance.delay.ms", "0");
        lines.put("auto.create.topics.enable", "false");
        lines.put("num.partitions", "1");
        return lines.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "\n")
                .collect(Collectors.joining());
    }

    private void launch(final Node node) {
        processes.put(node.id(), ChildJvm.of("kafka.Kafka")
                .jvmArg("-Xmx384m")
                .args(node.config().toString())
                .log(node.dir().resolve("server.log"))
                .start());
    }

    private void awaitReady(final Node node) {
        final var props = clientProperties();
        props.put("bootstrap.servers", "127.0.0.1:" + node.port());
        KafkaServerProcess.awaitAnswer(processes.get(node.id()), props, startTimeout);
    }

    @Override
    public String bootstrapServers() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    @Override
    protected short replicationFactor() {
        return NODES;
    }

    /** The node ids, 1..3. */
    public List<Integer> nodeIds() {
        return nodes.stream().map(Node::id).toList();
    }

    /** The server log of node {@code id}. */
    public Path log(final int id) {
        return node(id).dir().resolve("server.log");
    }

    /** A crash of node {@code id} (SIGKILL): no controlled shutdown, its sessions simply end. */
    public void crash(final int id) {
        final var process = processes.get(id);
        if (process != null && process.isAlive()) {
            process.kill();
        }
    }

    /** Starts node {@code id} again on its ports and data and waits until it answers. */
    public void startAgain(final int id) {
        final var process = processes.get(id);
        if (process == null || !process.isAlive()) {
            launch(node(id));
            awaitReady(node(id));
        }
    }

    private Node node(final int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in " + nodeIds()));
    }

    @Override
    public void close() {
        // The end of a test: nothing is left to hand over, so no controlled shutdown.
        processes.values().forEach(ChildJvm::kill);
    }
}
