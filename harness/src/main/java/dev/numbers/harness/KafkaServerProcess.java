package dev.numbers.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone Kafka server ({@code kafka.Kafka}, KRaft combined mode) as a child process on fixed ports.
 *
 * <p>Unlike the in-JVM broker it can be stopped and started again on the same port and data folder, which the
 * broker-restart test and the local stack need. Its jars come from Maven like every other dependency.
 */
public final class KafkaServerProcess extends KafkaBroker {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaServerProcess.class);

    /** Ports and data folder; the same settings start the same broker again. */
    public record Settings(int port, int controllerPort, Path dataDir, Duration startTimeout) {
        public static Settings in(final Path dataDir) {
            return new Settings(FreePorts.next(), FreePorts.next(), dataDir, Duration.ofSeconds(90));
        }
    }

    private final Settings settings;
    private final Path config;
    private ChildJvm process;

    private KafkaServerProcess(final Settings settings, final Path config) {
        this.settings = settings;
        this.config = config;
    }

    /** Formats the data folder when it is new, then starts the server and waits until it answers. */
    public static KafkaServerProcess start(final Settings settings) {
        try {
            Files.createDirectories(settings.dataDir());
            final var config = settings.dataDir().resolve("server.properties");
            Files.writeString(config, serverProperties(settings));
            final var logs = settings.dataDir().resolve("logs");
            if (!Files.exists(logs.resolve("meta.properties"))) {
                format(config, settings.dataDir().resolve("format.log"));
            }
            final var server = new KafkaServerProcess(settings, config);
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare Kafka in " + settings.dataDir(), e);
        }
    }

    private static String serverProperties(final Settings s) {
        final var lines = Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + s.controllerPort()),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + s.port() + ",CONTROLLER://127.0.0.1:"
                        + s.controllerPort()),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + s.port()),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", s.dataDir().resolve("logs").toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "4"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1"));
        final var out = new StringBuilder();
        lines.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        return out.toString();
    }

    /** Formats KRaft storage; {@code extraArgs} e.g. bootstrap SCRAM credentials ({@code --add-scram ...}). */
    static void format(final Path config, final Path log, final String... extraArgs) {
        final var args = new ArrayList<>(List.of(
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--standalone"));
        args.addAll(List.of(extraArgs));
        runStorageTool(args, log);
    }

    /** Runs Kafka's storage tool with {@code args} and fails with its log's path when it does not succeed. */
    static void runStorageTool(final List<String> args, final Path log) {
        final var tool = ChildJvm.of("kafka.tools.StorageTool")
                .jvmArg("-Xmx256m")
                .args(args.toArray(String[]::new))
                .log(log)
                .start();
        if (!tool.waitForExit(120)) {
            tool.kill();
            throw new IllegalStateException("formatting Kafka storage timed out; see " + log);
        }
        if (tool.stop(1) != 0) {
            throw new IllegalStateException("formatting Kafka storage failed; see " + log);
        }
    }

    private void startProcess() {
        process = ChildJvm.of("kafka.Kafka")
                .jvmArg("-Xmx512m")
                .args(config.toString())
                .log(settings.dataDir().resolve("server.log"))
                .start();
        awaitReady();
        LOG.info("Kafka {} listening at {} (data: {})", KafkaVersion.VERSION, bootstrapServers(), settings.dataDir());
    }

    private void awaitReady() {
        awaitAnswer(process, clientProperties(), settings.startTimeout());
    }

    /** Waits until the broker answers an admin call with {@code props}; kills it if it does not in time. */
    static void awaitAnswer(final ChildJvm process, final Properties props, final Duration timeout) {
        final var deadline = Instant.now().plus(timeout);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (var admin = Admin.create(props)) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited during start-up; see " + process.log());
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    // not ready yet: the admin client itself waits between attempts
                }
            }
        }
        process.kill();
        throw new IllegalStateException("Kafka did not answer within " + timeout + "; see " + process.log());
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + settings.port();
    }

    public Settings settings() {
        return settings;
    }

    /**
     * A crash (SIGKILL): no controlled shutdown. On this one-node cluster a stop or a start leaves every partition
     * without a leader for a while, where Kafka 4.3 can skip a transaction's markers for good (a hanging transaction,
     * see {@link KafkaServerCluster}); the restart tests therefore use the three-node cluster.
     */
    public void crash() {
        if (process != null && process.isAlive()) {
            process.kill();
        }
    }

    /** A clean stop (SIGTERM), as an operator would do it. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.stop(60);
        }
    }

    /** Stops the server and starts it again on the same ports and data. */
    public void restart() {
        stop();
        startProcess();
    }

    /** Starts a server that was stopped. */
    public void startAgain() {
        if (process == null || !process.isAlive()) {
            startProcess();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
