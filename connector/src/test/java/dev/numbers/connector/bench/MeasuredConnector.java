package dev.numbers.connector.bench;

import dev.numbers.connector.it.ConnectorProcess;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The connector as its own JVM ({@link ConnectorProcess}, the ITs' fixture) with the production main class, a bounded
 * heap and a GC log, plus what the benchmark reads from it: heap peaks, live heap after a full GC, registry errors and
 * provider answers. The benchmark measures the service users run, and its heap is not mixed up with the broker's, the
 * simulator's or the load generator's.
 */
final class MeasuredConnector implements AutoCloseable {

    /** G1's "Pause Young ... 123M->45M(512M)": heap used before and after each collection. */
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Pattern REGISTRY_TROUBLE = Pattern.compile(
            "(?i)schema registry|concurrent streams|cannot be serialized yet|SchemaRegistryException");
    private static final Pattern HEAP_USED = Pattern.compile(
            "^jvm_memory_used_bytes\\{area=\"heap\"[^}]*}\\s+([0-9.eE+]+)", Pattern.MULTILINE);

    private final ConnectorProcess process;
    private final Path gcLog;
    private volatile long sampledPeakHeapBytes;

    private MeasuredConnector(final ConnectorProcess process, final Path gcLog) {
        this.process = process;
        this.gcLog = gcLog;
    }

    /** Starts the connector against {@code simulator}; {@code settings} are connector.* properties. */
    static MeasuredConnector start(final String name, final String heap, final String jvmArgs,
                                   final ProviderSimulator simulator, final Map<String, Object> settings) {
        return start(name, heap, jvmArgs, null, simulator, settings);
    }

    /** The same on {@code classPath} ({@code null}: this JVM's), e.g. the jars an ahead-of-time cache was made on. */
    static MeasuredConnector start(final String name, final String heap, final String jvmArgs, final String classPath,
                                   final ProviderSimulator simulator, final Map<String, Object> settings) {
        try {
            final var dir = Files.createTempDirectory("connector-bench-" + name + "-");
            final var gcLog = dir.resolve("gc.log");
            final var jvm = new ArrayList<>(List.of("-Xmx" + heap, "-Xlog:gc:file=" + gcLog));
            for (final var arg : jvmArgs.trim().split("\\s+")) {
                if (!arg.isEmpty()) {
                    jvm.add(arg);
                }
            }
            final var all = new LinkedHashMap<String, Object>();
            all.put("connector.providers.signalwire.base-url", simulator.signalWireBaseUrl());
            all.put("connector.providers.signalwire.project-id", simulator.config().signalWireProjectId());
            all.put("connector.providers.telnyx.base-url", simulator.telnyxBaseUrl());
            all.putAll(settings);
            // Credentials by environment, as in production, so they are never on a command line.
            final var process = new ConnectorProcess(all, Map.of(
                    "CONNECTOR_PROVIDERS_SIGNALWIRE_API_TOKEN", simulator.config().signalWireToken(),
                    "CONNECTOR_PROVIDERS_TELNYX_API_KEY", simulator.config().telnyxApiKey()),
                    dir.resolve("connector.log"), jvm, classPath);
            process.start();
            process.awaitUp(Duration.ofSeconds(120));
            final var measured = new MeasuredConnector(process, gcLog);
            // Between collections the GC log says nothing; a sample a second catches a peak that never met a GC.
            Thread.ofVirtual().name("heap-sampler-" + name).start(() -> {
                while (measured.isAlive()) {
                    try {
                        measured.metrics();
                    } catch (RuntimeException stopped) {
                        return;
                    }
                    sleep(1_000);
                }
            });
            return measured;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The connector's Prometheus text; also samples heap use for {@link #peakHeapMb()}. */
    String metrics() {
        final var body = process.get("/prometheus");
        long heap = 0;
        final var matcher = HEAP_USED.matcher(body);
        while (matcher.find()) {
            heap += (long) Double.parseDouble(matcher.group(1));
        }
        synchronized (this) {
            sampledPeakHeapBytes = Math.max(sampledPeakHeapBytes, heap);
        }
        return body;
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
            final var gc = new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            gc.waitFor();
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
        try (var lines = Files.lines(process.log())) {
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
        return process.cpu();
    }

    /** Every thread's CPU time so far, by kind of thread ({@link ThreadCpu}). */
    ThreadCpu threads() {
        return ThreadCpu.of(process.pid());
    }

    /**
     * CPU time of the JVM's JIT compiler threads so far ({@code C1/C2 CompilerThread*} in /proc, Linux clock ticks of
     * 10 ms); ZERO where /proc is not there. Tells a run measured while the JIT still compiles from a warm one.
     */
    Duration jitCpu() {
        final var tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        long ticks = 0;
        try (var threads = Files.list(tasks)) {
            for (final var thread : threads.toList()) {
                final String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                final var name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    final var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(ticks * 10);
    }

    Path log() {
        return process.log();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: what an OOM kill or a lost node does to the connector. */
    void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.stop();
    }

    /** A graceful stop given {@code within}: a training run writes its ahead-of-time cache as it exits. */
    void stop(final Duration within) {
        process.stop(within);
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
