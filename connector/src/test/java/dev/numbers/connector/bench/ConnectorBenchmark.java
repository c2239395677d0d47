package dev.numbers.connector.bench;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.serde.SerdeConfig;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connector benchmark, run by hand (never by {@code verify}): {@code ./mvnw -B -ntp -q -pl connector -am
 * test-compile exec:exec@connector-bench}. Against the provider simulator on loopback with 200 ms purchase latency,
 * side by side: (a) the connector without a provider limit, (b) the connector under a 100/s provider limit it is
 * configured for, (c) a one-at-a-time consumer. Prints a Markdown table.
 *
 * <p>Throughput is measured on a backlog (requests produced at once; first request produced → last result readable),
 * latency on an open-loop paced feed below capacity, from the moment a request was due to the moment its result is
 * readable by a {@code read_committed} consumer: a backlog's latencies would only measure the queue.
 */
public final class ConnectorBenchmark {

    /** What every run shares: the broker, the registry, the numbers still to buy, the table being filled. */
    private record Bench(BenchSettings settings, KafkaBroker broker, String registryUrl, SerdeConfig serde,
                         NumberSource numbers, ResultTable table, Optional<JfrProfile> profile) {

        String connectorJvmArgs() {
            return settings.connectorJvmArgs() + profile.map(p -> " " + p.jvmArg()).orElse("");
        }

        Duration p99Target() {
            return Duration.ofMillis(settings.providerLatencyMs() + 100L);
        }

        /**
         * A connector JVM with its default settings on fresh topics, with {@code requestsPerSecond} for the account.
         */
        ConnectorRun connector(final String name, final ProviderSimulator simulator, final int requestsPerSecond) {
            return connector(BenchTopics.create(broker, name), name, simulator, requestsPerSecond);
        }

        ConnectorRun connector(final BenchTopics topics, final String name, final ProviderSimulator simulator,
                               final int requestsPerSecond) {
            return connector(topics, name, simulator, requestsPerSecond, "", null);
        }

        /** With {@code jvmArgs} after the run's own, on {@code classPath} ({@code null}: this JVM's). */
        ConnectorRun connector(final BenchTopics topics, final String name, final ProviderSimulator simulator,
                               final int requestsPerSecond, final String jvmArgs, final String classPath) {
            final Map<String, Object> config = topics.connectorSettings(broker.bootstrapServers(), registryUrl);
            config.put("connector.providers.signalwire.requests-per-second", requestsPerSecond);
            return new ConnectorRun(name, broker.bootstrapServers(), serde, topics, numbers,
                    MeasuredConnector.start(name, settings.heap(), connectorJvmArgs() + " " + jvmArgs, classPath,
                            simulator, config));
        }
    }

    private ConnectorBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        final var settings = BenchSettings.fromSystemProperties();
        final var loadAtStart = LoadAverage.now();
        final var registryUrl = SchemaRegistry.shared().url();
        final var bench = new Bench(settings, KafkaBroker.shared(), registryUrl, SerdeConfig.of(registryUrl),
                new NumberSource(), new ResultTable(), settings.profile()
                        ? Optional.of(JfrProfile.in(Files.createTempDirectory("connector-bench-jfr-")))
                        : Optional.empty());

        try (var simulator = simulator(settings, 0)) {
            log("c) one-at-a-time sink");
            final var baseline = baseline(bench, simulator);
            log("a) connector, no provider limit");
            unlimited(bench, simulator, baseline);
        }
        if (settings.coldStartBacklog() > 0) {
            try (var simulator = simulator(settings, 0)) {
                log("a') connector cold start with a backlog of " + settings.coldStartBacklog());
                coldStart(bench, simulator);
            }
        }
        if (settings.aot()) {
            try (var simulator = simulator(settings, 0)) {
                new FirstMinute(settings, (name, jvmArgs, classPath) -> bench.connector(
                        BenchTopics.create(bench.broker(), name), name, simulator, 1_000_000, jvmArgs, classPath),
                        bench.table()).run(bench.p99Target());
            }
        }
        try (var simulator = simulator(settings, settings.limit())) {
            log("b) connector, provider limit " + settings.limit() + "/s");
            limited(bench, simulator);
        }

        System.out.println();
        System.out.println("### Connector benchmark, " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version().feature()
                + ", load average " + loadAtStart + " at start, " + LoadAverage.now() + " at end");
        System.out.println();
        System.out.println("Provider latency " + settings.providerLatencyMs() + " ms (simulator on loopback); connector"
                + " in its own JVM (-Xmx" + settings.heap()
                        + ", default settings: no max-in-flight, the in-flight limit"
                + " adapts" + (bench.connectorJvmArgs().isBlank() ? ""
                        : "; JVM args " + bench.connectorJvmArgs().trim())
                + "); broker in the benchmark JVM, Apicurio registry as a child process.");
        System.out.println();
        bench.table().print(System.out);
        bench.profile().ifPresent(profile -> profile.summarize(System.out));
        // Stopped here rather than by the shutdown hooks, which would race the broker's own clean-up of its files.
        SchemaRegistry.shared().close();
        bench.broker().close();
        System.exit(0);
    }

    /** Seconds of each window the paced warm-up is split into, with the live heap sampled after every one. */
    private static final int HEAP_WINDOW_SECONDS = 15;

    /** a) Throughput on a backlog, latency paced below capacity, heap, all with the limiter out of the way. */
    private static void unlimited(final Bench bench, final ProviderSimulator simulator,
                                  final OneAtATimeSink.Run baseline) throws InterruptedException {
        final var settings = bench.settings();
        final var table = bench.table();
        // "No limit": the connector's own limiter far above anything this machine can reach.
        try (var run = bench.connector("unlimited", simulator, 1_000_000)) {
            run.backlog("warmup", settings.warmup());
            final var backlogThreads = run.connector().threads();
            final var backlog = run.backlog("backlog", settings.backlog());
            final var name = "a) connector, no provider limit";
            table.throughput(name, backlog, 1_000);
            table.threadCpu(name, "that backlog", backlogThreads.until(run.connector().threads(),
                    backlog.connectorCpu()), backlog.requests());
            // Growth is judged from here, 40,000 requests in (before it, meters, pools and buffers still fill once),
            // by a line through a sample after every window, not by two samples.
            final var heap = new ArrayList<HeapTrend.LiveHeap>();
            heap.add(liveHeap(run));
            if (settings.pacedWarmupSeconds() > 0) {
                // The paced run's code paths (small polls, one request per claim cycle) are not the backlog's, and
                // the JIT was still compiling them through the first seconds at this rate: shown, not the target.
                log("a) paced warm-up, " + settings.pacedWarmupSeconds() + " s");
                final var warmupCpu = ConnectorCpu.of(run.connector());
                final var windows = new ArrayList<ConnectorRun.Paced>();
                for (int left = settings.pacedWarmupSeconds(); left > 0; left -= HEAP_WINDOW_SECONDS) {
                    windows.add(run.paced("paced-warmup-" + left, settings.pacedRate(),
                            Math.min(left, HEAP_WINDOW_SECONDS)));
                    heap.add(liveHeap(run));
                }
                table.warmupLatency(name, ConnectorRun.Paced.join(windows), warmupCpu.since(run.connector()));
            }
            log("a) paced, measured, " + settings.pacedSeconds() + " s");
            final var cpu = ConnectorCpu.of(run.connector());
            final var pacedThreads = run.connector().threads();
            final var beforePaced = ConnectorTimers.of(run.connector().metrics());
            final var paced = run.paced("paced", settings.pacedRate(), settings.pacedSeconds());
            final var afterPaced = ConnectorTimers.of(run.connector().metrics());
            final var pacedCpu = cpu.since(run.connector());
            table.latency(name, paced, bench.p99Target());
            table.cpu(name, pacedCpu);
            table.threadCpu(name, "that paced run", pacedThreads.until(run.connector().threads(), pacedCpu.cpu()),
                    paced.requests());
            table.parts(name, beforePaced, afterPaced);
            table.speedUp(backlog.perSecond(), baseline);
            heap.add(liveHeap(run));
            table.heap("a) connector", run.connector(), settings.heap(), new HeapTrend(heap));
            table.inFlightLimit("a) connector", run.connector());
            table.registryErrors("a) connector", run.connector());
            table.check("a) connector", run.anomalies(), run.clean());
        }
    }

    private static HeapTrend.LiveHeap liveHeap(final ConnectorRun run) {
        return new HeapTrend.LiveHeap(run.connector().liveHeapMbAfterFullGc(), run.requests());
    }

    /**
     * a') A cold start: the backlog is on the topic before the connector starts, so its first poll hands a full
     * in-flight limit of requests their first intent and result serialization at once (before the serde's single
     * flight, ~1,000 registry errors). Timed from launching the connector JVM, so it includes the start-up.
     */
    private static void coldStart(final Bench bench, final ProviderSimulator simulator) throws InterruptedException {
        final var name = "a') connector cold start, no provider limit";
        final var topics = BenchTopics.create(bench.broker(), "cold-start");
        try (var feed = new RequestFeed(bench.broker().bootstrapServers(), bench.serde(), topics.requests(),
                "cold-start", bench.numbers())) {
            feed.backlog(bench.settings().coldStartBacklog());
            final long starting = System.nanoTime();
            try (var run = bench.connector(topics, "cold-start", simulator, 1_000_000)) {
                final var backlog = run.backlogProducedBefore(feed, starting, Duration.ZERO);
                // Includes the JVM's start-up and the JIT's first minutes: the target is run a's, measured warm.
                bench.table().throughput(name + " (from launching its JVM)", backlog, 0);
                bench.table().inFlightLimit("a') connector", run.connector());
                bench.table().registryErrors("a') connector", run.connector());
                bench.table().check("a') connector", run.anomalies(), run.clean());
            }
        }
    }

    /** b) Achieved rate and 429s on a backlog under the provider's limit, then latency paced below it. */
    private static void limited(final Bench bench, final ProviderSimulator simulator) throws InterruptedException {
        final var settings = bench.settings();
        final var table = bench.table();
        final var name = "b) connector, " + settings.limit() + "/s limit";
        try (var run = bench.connector("limited", simulator, settings.limit())) {
            // Joins the group and warms caches and JIT below the limit, so the backlog measures the limit.
            run.paced("warmup", settings.limit() / 2, Math.max(1, settings.limitedWarmup() * 2 / settings.limit()));
            final var before = run.connector().providerAnswers(429);
            final var afterFirstSecond = new AtomicLong();
            final var backlog = run.backlog("backlog", settings.limitedBacklog(),
                    () -> afterFirstSecond.set(run.connector().providerAnswers(429)));
            final var paced = run.paced("paced", settings.limitedPacedRate(), settings.pacedSeconds());
            final var total = run.connector().providerAnswers(429) - before;
            table.limited(name, backlog, settings.limit(), total - (afterFirstSecond.get() - before), total);
            table.latency(name, paced, bench.p99Target());
            // A few thousand requests say nothing about growth (run a judges that); the peak still counts.
            table.peakHeap("b) connector", run.connector(), settings.heap());
            table.inFlightLimit("b) connector", run.connector());
            table.registryErrors("b) connector", run.connector());
            table.check("b) connector", run.anomalies(), run.clean());
        }
    }

    /** c) The naive sink against the same simulator. */
    private static OneAtATimeSink.Run baseline(final Bench bench, final ProviderSimulator simulator) throws Exception {
        final var topics = BenchTopics.create(bench.broker(), "baseline");
        final var bootstrap = bench.broker().bootstrapServers();
        try (var feed = new RequestFeed(bootstrap, bench.serde(), topics.requests(), "baseline", bench.numbers())) {
            feed.backlog(bench.settings().baselineRequests());
        }
        return new OneAtATimeSink(bootstrap, bench.serde(), simulator).run(topics.requests(), topics.results(),
                bench.settings().baselineRequests(), Duration.ofSeconds(bench.settings().baselineSeconds()));
    }

    private static ProviderSimulator simulator(final BenchSettings settings, final int limit) {
        // No request log: the runs are long and nothing reads it.
        final var simulator = ProviderSimulator.start(SimulatorConfig.defaults().withRecordRequests(false));
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER,
                EndpointFault.latency(settings.providerLatencyMs()));
        if (limit > 0) {
            // A token bucket holding one second of requests: "100 requests per second" as an API states it.
            simulator.faults().rateLimit(limit, limit);
        }
        return simulator;
    }

    static void log(final String message) {
        System.out.println("[bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message
                + " (load " + LoadAverage.now() + ")");
    }
}
