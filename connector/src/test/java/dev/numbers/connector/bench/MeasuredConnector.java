package dev.numbers.connector.bench;

import dev.numbers.harness.ChildJvm;
import dev.numbers.harness.FreePorts;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The connector as its own JVM with the production main class, a bounded heap and a GC log: the benchmark measures
 * the service users run, and its heap is not mixed up with the broker's, the simulator's or the load generator's.
 */
final class ConnectorProcess implements AutoCloseable {

    /** G1's "Pause Young ... 123M->45M(512M)": heap used before and after each collection. */
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Pattern REGISTRY_TROUBLE = Pattern.compile(
            "(?i)schema registry|concurrent streams|cannot be serialized yet|SchemaRegistryException");
    private static final Pattern HEAP_USED = Pattern.compile(
            "^jvm_memory_used_bytes\\{area=\"heap\"[^}]*}\\s+([0-9.eE+]+)", Pattern.MULTILINE);

    private final ChildJvm jvm;
    private final Path gcLog;
    private final URI management;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile long sampledPeakHeapBytes;

    private ConnectorProcess(final ChildJvm jvm, final Path gcLog, final URI management) {
        this.jvm = jvm;
        this.gcLog = gcLog;
        this.management = management;
    }

    /** Starts the connector against {@code simulator}; {@code settings} are connector.* properties. */
    static ConnectorProcess start(final String name, final String heap, final String jvmArgs,
                                  final ProviderSimulator simulator, final Map<String, Object> settings) {
        try {
            final var dir = Files.createTempDirectory("connector-bench-" + name + "-");
            final var gcLog = dir.resolve("gc.log");
            final int port = FreePorts.next();
            final var builder = ChildJvm.of("dev.numbers.connector.Application")
                    .jvmArg("-Xmx" + heap)
                    .jvmArg("-Xlog:gc:file=" + gcLog)
                    .systemProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.numbers.schemas.avro")
                    .systemProperty("micronaut.server.port", Integer.toString(port))
                    .systemProperty("connector.providers.signalwire.base-url", simulator.signalWireBaseUrl())
                    .systemProperty("connector.providers.signalwire.project-id",
                            simulator.config().signalWireProjectId())
                    .systemProperty("connector.providers.telnyx.base-url", simulator.telnyxBaseUrl())
                    // Credentials by environment, as in production, so they are never on a command line.
                    .env("CONNECTOR_PROVIDERS_SIGNALWIRE_API_TOKEN", simulator.config().signalWireToken())
                    .env("CONNECTOR_PROVIDERS_TELNYX_API_KEY", simulator.config().telnyxApiKey())
                    .log(dir.resolve("connector.log"));
            for (final var arg : jvmArgs.trim().split("\\s+")) {
                if (!arg.isEmpty()) {
                    builder.jvmArg(arg);
                }
            }
            new LinkedHashMap<>(settings).forEach((key, value) -> builder.systemProperty(key, String.valueOf(value)));
            final var process = new ConnectorProcess(builder.start(), gcLog,
                    URI.create("http://127.0.0.1:" + port));
            process.awaitHealthy(Duration.ofSeconds(120));
            // Between collections the GC log says nothing; a sample a second catches a peak that never met a GC.
            Thread.ofVirtual().name("heap-sampler-" + name).start(() -> {
                while (process.isAlive()) {
                    try {
                        process.metrics();
                    } catch (RuntimeException stopped) {
                        return;
                    }
                    sleep(1_000);
                }
            });
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(final Duration within) {
        final long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException("the connector exited during start-up; see " + jvm.log());
            }
            try {
                final var response = http.send(HttpRequest.newBuilder(management.resolve("/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException ignored) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException("the connector did not become healthy within " + within + "; see " + jvm.log());
    }

    /** The connector's Prometheus text; also samples heap use for {@link #peakHeapMb()}. */
    String metrics() {
        try {
            final var body = http.send(HttpRequest.newBuilder(management.resolve("/prometheus"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            long heap = 0;
            final var matcher = HEAP_USED.matcher(body);
            while (matcher.find()) {
                heap += (long) Double.parseDouble(matcher.group(1));
            }
            synchronized (this) {
                sampledPeakHeapBytes = Math.max(sampledPeakHeapBytes, heap);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Provider answers with this HTTP status so far, from connector_provider_latency_seconds_count. */
    long providerAnswers(final int status) {
        final var matcher = Pattern.compile("^connector_provider_latency_seconds_count\\{[^}]*status=\"" + status
                + "\"[^}]*}\\s+([0-9.eE+]+)", Pattern.MULTILINE).matcher(metrics());
        long total = 0;
        while (matcher.find()) {
            total += (long) Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    /** Highest heap use seen: before any collection in the GC log, or in a metrics sample. */
    long peakHeapMb() {
        return Math.max(sampledPeakHeapBytes >> 20, gc(1));
    }

    /**
     * Heap still in use after a full collection requested now (jcmd GC.run): what the connector keeps, as opposed to
     * garbage it has not collected yet.
     */
    long liveHeapMbAfterFullGc() {
        try {
            final var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            final var process = new ProcessBuilder(jcmd, Long.toString(jvm.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            process.waitFor();
            sleep(500);
            long live = -1;
            for (final var line : Files.readAllLines(gcLog)) {
                final var matcher = GC_LINE.matcher(line);
                if (line.contains("Pause Full") && matcher.find()) {
                    live = Long.parseLong(matcher.group(2));
                }
            }
            return live;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Warnings and errors in the connector's log about the schema registry: "too many concurrent streams", registry
     * timeouts, intents or results that cannot be serialized yet. A cold start with a backlog must have none.
     */
    long registryErrors() {
        try (var lines = Files.lines(jvm.log())) {
            return lines.filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                    .filter(line -> REGISTRY_TROUBLE.matcher(line).find())
                    .count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** A gauge of the connector's, e.g. connector_ledger_entries; -1 when it does not export it. */
    long gauge(final String name) {
        final var matcher = Pattern.compile("^" + name + "(\\{[^}]*})?\\s+([0-9.eE+]+)", Pattern.MULTILINE)
                .matcher(metrics());
        return matcher.find() ? (long) Double.parseDouble(matcher.group(2)) : -1;
    }

    /** Highest heap use right after a collection: roughly the live set at its largest. */
    long peakLiveHeapMb() {
        return gc(2);
    }

    private long gc(final int group) {
        try {
            long max = 0;
            for (final var line : Files.readAllLines(gcLog)) {
                final var matcher = GC_LINE.matcher(line);
                if (matcher.find()) {
                    max = Math.max(max, Long.parseLong(matcher.group(group)));
                }
            }
            return max;
        } catch (IOException e) {
            return 0;
        }
    }

    /** CPU time the connector JVM has used so far (user + system): robust where wall-clock rates are not. */
    Duration cpu() {
        return ProcessHandle.of(jvm.pid()).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    Path log() {
        return jvm.log();
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    /** SIGKILL: what an OOM kill or a lost node does to the connector. */
    void kill() {
        jvm.kill();
    }

    @Override
    public void close() {
        jvm.stop(40);
    }

    static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
