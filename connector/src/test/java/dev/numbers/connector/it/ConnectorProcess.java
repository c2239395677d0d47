package dev.numbers.connector.it;

import dev.numbers.harness.FreePorts;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.harness.ServiceProcess;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connector ({@code dev.numbers.connector.Application}) as its own OS process with the test class path, so a
 * test can SIGKILL it and start it again with the same settings: the connector's layer over harness's
 * {@link ServiceProcess}, used by the ITs, the chaos tests and the benchmarks alike. Settings go in as system
 * properties, the provider credentials as environment variables (not on the command line). Every life appends to one
 * log file, marked.
 */
public final class ConnectorProcess implements AutoCloseable {

    /** The ITs' JVM: a small heap, and the serial GC and C1 only, which cost the loaded 2-core machine least. */
    static final List<String> TEST_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** The connector's drain (20 s for requests still running) plus the closing of its clients and stores. */
    static final Duration STOP_WITHIN = Duration.ofSeconds(35);

    private final ServiceProcess process;
    private final String instanceId;

    ConnectorProcess(final Map<String, String> settings, final Map<String, String> env, final Path log) {
        this(settings, env, log, TEST_JVM);
    }

    /** {@code jvmArgs} replace {@link #TEST_JVM} (a benchmark sizes the heap and logs GC). */
    public ConnectorProcess(final Map<String, ?> settings, final Map<String, String> env, final Path log,
                            final List<String> jvmArgs) {
        this(settings, env, log, jvmArgs, null);
    }

    /**
     * With a class path of its own ({@code null}: this JVM's): the benchmark's ahead-of-time cache needs one of jars
     * only, since the JVM refuses to make a cache from class directories.
     */
    public ConnectorProcess(final Map<String, ?> settings, final Map<String, String> env, final Path log,
                            final List<String> jvmArgs, final String classPath) {
        final int port = FreePorts.next();
        this.instanceId = settings.containsKey("connector.instance-id")
                ? String.valueOf(settings.get("connector.instance-id")) : null;
        this.process = ServiceProcess.builder("connector", "dev.numbers.connector.Application")
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .systemProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.numbers.schemas.avro")
                .systemProperty("micronaut.server.port", Integer.toString(port))
                .systemProperties(settings)
                .env(env)
                .log(log)
                .port(port)
                .exitsCleanly()
                .classPath(classPath)
                .build();
    }

    /**
     * The set-up most ITs repeated: one instance with {@link #settings} against {@code bootstrap}, the shared registry
     * and {@code simulator}, {@code overrides} on top, the simulator's credentials in its environment and its log in
     * {@code target/it-logs/<logName>-connector.log}. Not started.
     */
    static ConnectorProcess forTest(final String logName, final String bootstrap, final TestTopics topics,
                                    final ProviderSimulator simulator, final String instanceId,
                                    final Map<String, String> overrides) {
        final var settings = settings(bootstrap, SchemaRegistry.shared().url(), topics, simulator, instanceId);
        settings.putAll(overrides);
        return new ConnectorProcess(settings, credentials(simulator), logFile(logName));
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

    public void start() {
        process.start();
    }

    /** Waits until {@code /health} answers 200 (Micronaut is up, the request loop runs); returns how long it took. */
    public Duration awaitUp(final Duration within) {
        return process.awaitHealthy(within);
    }

    /** The body of a GET on this instance's HTTP port (e.g. {@code /prometheus}). */
    public String get(final String path) {
        return process.get(path);
    }

    /** SIGKILL: no shutdown hook, no last commit, exactly what a crash looks like. */
    public void kill() {
        process.kill();
    }

    /**
     * SIGTERM, the graceful stop an operator does; the connector finishes and commits what runs. Fails unless it
     * exits 0, without a JVM crash report, within {@link #STOP_WITHIN}.
     */
    public void stop() {
        process.stop(STOP_WITHIN);
    }

    /** {@link #stop()} with another bound, for a test whose provider holds calls open longer than the drain. */
    public void stop(final Duration within) {
        process.stop(within);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    int starts() {
        return process.starts();
    }

    /** Its connector.instance-id: the static group.instance.id its consumer joins with. */
    String instanceId() {
        return instanceId;
    }

    public Path log() {
        return process.log();
    }

    public long pid() {
        return process.pid();
    }

    /** CPU time the connector JVM has used so far (user + system): robust where wall-clock rates are not. */
    public Duration cpu() {
        return process.cpu();
    }

    /** Where the log is, its ERROR lines and its last lines: what a failing test should show. */
    String diagnosis() {
        return process.diagnosis();
    }

    long countLogLines(final String fragment) {
        return process.countLogLines(fragment);
    }

    /** SIGKILL if still running: a failed test leaves no connector behind. */
    @Override
    public void close() {
        process.close();
    }
}
