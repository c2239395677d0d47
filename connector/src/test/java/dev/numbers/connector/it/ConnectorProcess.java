package dev.numbers.connector.it;

import static org.awaitility.Awaitility.await;

import dev.numbers.harness.ChildJvm;
import dev.numbers.harness.FreePorts;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The connector ({@code dev.numbers.connector.Application}) as its own OS process with the test class path, so a
 * test can SIGKILL it and start it again with the same settings. Settings go in as system properties, the provider
 * credentials as environment variables (not on the command line). Every life appends to one log file, marked.
 */
final class ConnectorProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Map<String, String> settings;
    private final Map<String, String> env;
    private final Path log;
    private final int port = FreePorts.next();
    private ChildJvm jvm;
    private int starts;

    ConnectorProcess(final Map<String, String> settings, final Map<String, String> env, final Path log) {
        this.settings = Map.copyOf(settings);
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /**
     * What a user would configure for one instance against these topics and this simulator: a stable instance id
     * (transactional.id and static group membership, so a restarted process takes its partitions back at once),
     * high client-side rate limits, and the topics named by {@code topics}.
     */
    static Map<String, String> settings(final String bootstrap, final String registry, final TestTopics topics,
                                        final ProviderSimulator simulator, final String instanceId) {
        return settings(bootstrap, registry, topics, simulator.signalWireBaseUrl(), simulator.telnyxBaseUrl(),
                simulator.config().signalWireProjectId(), instanceId);
    }

    /** The same for a simulator known only by its URLs (one running in a process of its own). */
    static Map<String, String> settings(final String bootstrap, final String registry, final TestTopics topics,
                                        final String signalWireBaseUrl, final String telnyxBaseUrl,
                                        final String signalWireProjectId, final String instanceId) {
        final var s = new LinkedHashMap<String, String>();
        s.put("connector.instance-id", instanceId);
        s.put("connector.bridge-callback-url", "http://bridge.local/callbacks/signalwire");
        s.put("connector.topics.requests", topics.requests());
        s.put("connector.topics.results", topics.results());
        s.put("connector.topics.dlq", topics.dlq());
        s.put("connector.topics.intents", topics.intents());
        s.put("connector.topics.group-id", topics.group());
        s.put("connector.kafka.bootstrap-servers", bootstrap);
        s.put("connector.kafka.transactional-id-prefix", instanceId);
        s.put("connector.registry.url", registry);
        s.put("connector.providers.signalwire.base-url", signalWireBaseUrl);
        s.put("connector.providers.signalwire.project-id", signalWireProjectId);
        s.put("connector.providers.signalwire.requests-per-second", "2000");
        s.put("connector.providers.telnyx.base-url", telnyxBaseUrl);
        s.put("connector.providers.telnyx.requests-per-second", "2000");
        s.put("connector.retry.request-timeout", "5s");
        // One durable ledger store per instance, under target/ so a clean build starts without history.
        s.put("connector.ledger.state-dir", Path.of("target", "ledger-state", instanceId)
                .toAbsolutePath().toString());
        return s;
    }

    /** The provider credentials, as the docs tell users to pass them: environment variables. */
    static Map<String, String> credentials(final ProviderSimulator simulator) {
        return credentials(simulator.config());
    }

    static Map<String, String> credentials(final SimulatorConfig simulator) {
        return Map.of("CONNECTOR_PROVIDERS_SIGNALWIRE_API_TOKEN", simulator.signalWireToken(),
                "CONNECTOR_PROVIDERS_TELNYX_API_KEY", simulator.telnyxApiKey());
    }

    static Path logFile(final String name) {
        try {
            final var dir = Files.createDirectories(Path.of("target", "it-logs"));
            final var file = dir.resolve(name + "-connector.log");
            Files.deleteIfExists(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start() {
        if (jvm != null && jvm.isAlive()) {
            throw new IllegalStateException("connector already running (pid " + jvm.pid() + ")");
        }
        starts++;
        mark("start #" + starts);
        final var builder = ChildJvm.of("dev.numbers.connector.Application")
                .jvmArg("-Xmx384m")
                .jvmArg("-XX:+UseSerialGC")
                .jvmArg("-XX:TieredStopAtLevel=1")
                .systemProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.numbers.schemas.avro")
                .systemProperty("micronaut.server.port", Integer.toString(port))
                .log(log);
        settings.forEach(builder::systemProperty);
        env.forEach(builder::env);
        jvm = builder.start();
    }

    /** Waits until {@code /health} answers 200 (Micronaut is up, the request loop runs); returns how long it took. */
    Duration awaitUp(final Duration within) {
        final var started = Instant.now();
        final var health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!jvm.isAlive()) {
                    throw new IllegalStateException("connector exited during start-up; " + diagnosis());
                }
                try {
                    return HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notListeningYet) {
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("connector not healthy within " + within + "; " + diagnosis(), e);
        }
        return Duration.between(started, Instant.now());
    }

    /** The body of a GET on this instance's HTTP port (e.g. {@code /prometheus}). */
    String get(final String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no last commit, exactly what a crash looks like. */
    void kill() {
        mark("SIGKILL");
        jvm.kill();
    }

    /** SIGTERM, the graceful stop an operator does; the connector finishes and commits what runs. */
    void stop() {
        if (jvm != null && jvm.isAlive()) {
            mark("SIGTERM");
            jvm.stop(40);
        }
    }

    boolean isAlive() {
        return jvm != null && jvm.isAlive();
    }

    int starts() {
        return starts;
    }

    /** Its connector.instance-id: the static group.instance.id its consumer joins with. */
    String instanceId() {
        return settings.get("connector.instance-id");
    }

    Path log() {
        return log;
    }

    /** Where the log is, its ERROR lines and its last lines: what a failing test should show. */
    String diagnosis() {
        try {
            final List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            final var errors = lines.stream().filter(l -> l.contains(" ERROR ")).limit(20).toList();
            final var tail = lines.subList(Math.max(0, lines.size() - 30), lines.size());
            return "connector log " + log.toAbsolutePath() + "\n-- first ERROR lines:\n" + String.join("\n", errors)
                    + "\n-- last lines:\n" + String.join("\n", tail);
        } catch (IOException e) {
            return "connector log " + log.toAbsolutePath() + " unreadable: " + e;
        }
    }

    long countLogLines(final String fragment) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(fragment)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void mark(final String what) {
        try {
            Files.writeString(log, "===== test: " + Instant.now() + " " + what + " =====\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (jvm != null && jvm.isAlive()) {
            jvm.kill();
        }
    }
}
