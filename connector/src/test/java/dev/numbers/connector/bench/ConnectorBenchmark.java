package dev.numbers.connector.bench;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.serde.SerdeConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 5's benchmark, run by hand (never by {@code verify}): {@code ./mvnw -B -ntp -q -pl connector -am
 * test-compile exec:exec@connector-bench}. Against the provider simulator on loopback with 200 ms purchase latency,
 * side by side: (a) the connector without a provider limit, (b) the connector under a 100/s provider limit it is
 * configured for, (c) a one-at-a-time consumer. Prints a Markdown table.
 *
 * <p>Throughput is measured on a backlog (requests produced at once; first request produced → last result readable),
 * latency on an open-loop paced feed below capacity, from the moment a request was due to the moment its result is
 * readable by a {@code read_committed} consumer: a backlog's latencies would only measure the queue.
 */
public final class ConnectorBenchmark {

    private ConnectorBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        final var settings = BenchSettings.fromSystemProperties();
        final var loadAtStart = LoadAverage.now();
        final var broker = KafkaBroker.shared();
        final var registryUrl = SchemaRegistry.shared().url();
        final var serde = SerdeConfig.of(registryUrl);
        final var numbers = new NumberSource();
        final var table = new ResultTable();
        final var latency = Duration.ofMillis(settings.providerLatencyMs());
        final var p99Target = latency.plusMillis(100);

        try (var simulator = simulator(settings, 0)) {
            log("c) one-at-a-time sink");
            final var baseline = baseline(settings, broker, serde, simulator, numbers);
            log("a) connector, no provider limit");
            final var topics = BenchTopics.create(broker, "unlimited");
            final var config = topics.connectorSettings(broker.bootstrapServers(), registryUrl);
            // "No limit": the connector's own limiter far above anything this machine can reach.
            config.put("connector.providers.signalwire.requests-per-second", 1_000_000);
            maxInFlight(settings, config);
            try (var run = new ConnectorRun("unlimited", broker.bootstrapServers(), serde, topics, numbers,
                    ConnectorProcess.start("unlimited", settings.heap(), settings.connectorJvmArgs(),
                            simulator, config))) {
                run.backlog("warmup", settings.warmup());
                final var afterWarmup = new ResultTable.LiveHeap(run.connector().liveHeapMbAfterFullGc(),
                        run.requests());
                final var backlog = run.backlog("backlog", settings.backlog());
                final var paced = run.paced("paced", settings.pacedRate(), settings.pacedSeconds());
                table.throughput("a) connector, no provider limit", backlog, 1_000);
                table.latency("a) connector, no provider limit", paced, p99Target);
                table.speedUp(backlog.perSecond(), baseline);
                table.heap("a) connector", run.connector(), settings.heap(), afterWarmup, run.requests());
                table.check("a) connector", run.anomalies(), run.clean());
            }
        }

        if (settings.defaultInFlightBacklog() > 0) {
            try (var simulator = simulator(settings, 0)) {
                log("a') connector, no provider limit, default max-in-flight");
                final var topics = BenchTopics.create(broker, "default-in-flight");
                final var config = topics.connectorSettings(broker.bootstrapServers(), registryUrl);
                config.put("connector.providers.signalwire.requests-per-second", 1_000_000);
                try (var run = new ConnectorRun("default-in-flight", broker.bootstrapServers(), serde, topics, numbers,
                        ConnectorProcess.start("default-in-flight", settings.heap(), settings.connectorJvmArgs(),
                                simulator, config))) {
                    run.backlog("warmup", Math.min(settings.warmup(), settings.defaultInFlightBacklog()));
                    table.throughput("a') connector, no provider limit, default max-in-flight",
                            run.backlog("backlog", settings.defaultInFlightBacklog()), 1_000);
                    table.check("a') connector", run.anomalies(), run.clean());
                }
            }
        }

        try (var simulator = simulator(settings, settings.limit())) {
            log("b) connector, provider limit " + settings.limit() + "/s");
            final var topics = BenchTopics.create(broker, "limited");
            final var config = topics.connectorSettings(broker.bootstrapServers(), registryUrl);
            config.put("connector.providers.signalwire.requests-per-second", settings.limit());
            maxInFlight(settings, config);
            try (var run = new ConnectorRun("limited", broker.bootstrapServers(), serde, topics, numbers,
                    ConnectorProcess.start("limited", settings.heap(), settings.connectorJvmArgs(),
                            simulator, config))) {
                // Joins the group and warms caches and JIT below the limit, so the backlog measures the limit.
                run.paced("warmup", settings.limit() / 2, Math.max(1, settings.limitedWarmup() * 2 / settings.limit()));
                final var afterWarmup = new ResultTable.LiveHeap(run.connector().liveHeapMbAfterFullGc(),
                        run.requests());
                final var before = run.connector().providerAnswers(429);
                final var afterFirstSecond = new AtomicLong();
                final var backlog = run.backlog("backlog", settings.limitedBacklog(),
                        () -> afterFirstSecond.set(run.connector().providerAnswers(429)));
                final var paced = run.paced("paced", settings.limitedPacedRate(), settings.pacedSeconds());
                final var total = run.connector().providerAnswers(429) - before;
                table.limited("b) connector, " + settings.limit() + "/s limit", backlog, settings.limit(),
                        total - (afterFirstSecond.get() - before), total);
                table.latency("b) connector, " + settings.limit() + "/s limit", paced, p99Target);
                table.heap("b) connector", run.connector(), settings.heap(), afterWarmup, run.requests());
                table.check("b) connector", run.anomalies(), run.clean());
            }
        }

        System.out.println();
        System.out.println("### Connector benchmark, " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version().feature()
                + ", load average " + loadAtStart + " at start, " + LoadAverage.now() + " at end");
        System.out.println();
        System.out.println("Provider latency " + latency.toMillis() + " ms (simulator on loopback); connector in its own"
                + " JVM (-Xmx" + settings.heap() + ", max-in-flight " + (settings.maxInFlight() == 0 ? "default"
                : settings.maxInFlight()) + "); broker in the benchmark JVM, Apicurio registry as a child process.");
        System.out.println();
        table.print(System.out);
        // Stopped here rather than by the shutdown hooks, which would race the broker's own clean-up of its files.
        SchemaRegistry.shared().close();
        broker.close();
        System.exit(0);
    }

    private static ProviderSimulator simulator(final BenchSettings settings, final int limit) {
        // No request log: the runs are long and nothing reads it.
        final var simulator = ProviderSimulator.start(SimulatorConfig.defaults().withRecordRequests(false));
        simulator.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.latency(settings.providerLatencyMs()));
        if (limit > 0) {
            // A token bucket holding one second of requests: "100 requests per second" as an API states it.
            simulator.faults().rateLimit(limit, limit);
        }
        return simulator;
    }

    private static OneAtATimeSink.Run baseline(final BenchSettings settings, final KafkaBroker broker,
                                               final SerdeConfig serde, final ProviderSimulator simulator,
                                               final NumberSource numbers) throws Exception {
        final var topics = BenchTopics.create(broker, "baseline");
        try (var feed = new RequestFeed(broker.bootstrapServers(), serde, topics.requests(), "baseline", numbers)) {
            feed.backlog(settings.baselineRequests());
        }
        return new OneAtATimeSink(broker.bootstrapServers(), serde, simulator).run(topics.requests(), topics.results(),
                settings.baselineRequests(), Duration.ofSeconds(settings.baselineSeconds()));
    }

    private static void maxInFlight(final BenchSettings settings, final java.util.Map<String, Object> config) {
        if (settings.maxInFlight() > 0) {
            config.put("connector.max-in-flight", settings.maxInFlight());
        }
    }

    private static void log(final String message) {
        System.out.println("[bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message
                + " (load " + LoadAverage.now() + ")");
    }
}
