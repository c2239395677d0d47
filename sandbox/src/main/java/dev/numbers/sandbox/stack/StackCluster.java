package dev.numbers.sandbox.stack;

import dev.numbers.harness.ApicurioRegistry;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.KafkaServerProcess;
import dev.numbers.harness.SecuredCluster;
import dev.numbers.schemas.cluster.ClusterSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The local stack's Kafka broker and schema registry: plain, or (when asked with {@code --secured}) as on a secured
 * production cluster: a SASL_SSL-only broker with a SCRAM user per service and the registry behind nginx with TLS and
 * basic auth. Each user's connection settings are handed out with every secret in a file ({@code <key>-file}).
 */
final class StackCluster implements AutoCloseable {

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Path dir;
    private KafkaBroker kafka;
    private String registryUrl;
    private SecuredCluster secured;

    private StackCluster(final Path dir) {
        this.dir = dir;
    }

    static StackCluster start(final Path dataDir, final boolean secured) {
        final var cluster = new StackCluster(dataDir);
        try {
            cluster.startParts(secured);
            return cluster;
        } catch (final RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startParts(final boolean withSecurity) {
        final var registry = ApicurioRegistry.start(ApicurioRegistry.Settings.defaults()
                .withLog(dir.resolve("apicurio.log")));
        parts.add(registry);
        if (!withSecurity) {
            kafka = KafkaServerProcess.start(KafkaServerProcess.Settings.in(dir.resolve("kafka")));
            parts.add(kafka);
            registryUrl = registry.url();
            return;
        }
        this.secured = SecuredCluster.start(dir, registry.url());
        parts.add(secured);
        kafka = secured.kafka();
        registryUrl = secured.registry().url();
        for (final var user : List.of("connector", "bridge", "cli")) {
            secured.addUser(user);
        }
        final var cli = new Properties();
        cli.putAll(settings("cli"));
        try (Writer out = Files.newBufferedWriter(clientConfig())) {
            cli.store(out, "numbers CLI: --client-config for the local secured stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean secured() {
        return secured != null;
    }

    KafkaBroker kafka() {
        return kafka;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String registryUrl() {
        return registryUrl;
    }

    /** Kafka and registry settings of one service's user (empty on the plain stack); secrets are file paths. */
    Map<String, String> settings(final String user) {
        return secured() ? secured.settings(user) : Map.of();
    }

    /** How the demo's own reader connects: as the CLI's user. */
    ClusterSettings cliCluster() {
        return new ClusterSettings(bootstrapServers(), registryUrl, settings("cli"));
    }

    /** The CLI's {@code --client-config} file; only written on the secured stack. */
    Path clientConfig() {
        return dir.resolve("cli.properties");
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (final Exception e) {
                // the rest still has to stop
            }
        }
        parts.clear();
    }
}
