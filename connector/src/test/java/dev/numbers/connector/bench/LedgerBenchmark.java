package dev.numbers.connector.bench;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.serde.SerdeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The ledger benchmark, run by hand (never by {@code verify}): {@code ./mvnw -B -ntp -q -pl connector -am
 * test-compile exec:exec@ledger-bench}. For each history size ({@code -Dbench.histories=1000000,10000000}) it
 * writes that many COMPLETED intents to a fresh intents topic, then starts the connector (its own JVM, default
 * settings, {@code -Dbench.heap=512m}) again and again: cold (an empty state dir: the whole topic is restored),
 * restarted on the same state dir after a graceful stop, restarted after that one was SIGKILLed, and, up to
 * {@code bench.memory-up-to} intents, with the heap store for comparison. Each start is timed from JVM launch to the
 * first result of a request waiting in the topic; heap is
 * measured after a full GC. Prints a Markdown table.
 */
public final class LedgerBenchmark {

    private record Row(long history, String start, Duration firstResult, long restored, long liveHeapMb,
                       long entries) {
    }

    private LedgerBenchmark() {
    }

    public static void main(final String[] args) {
        try {
            run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            // Without this the broker's and the registry's threads keep the JVM (and mvn) waiting forever.
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        final var histories = Arrays.stream(System.getProperty("bench.histories", "1000000,10000000").split(","))
                .map(String::trim).mapToLong(Long::parseLong).toArray();
        final long memoryUpTo = Long.getLong("bench.memory-up-to", 1_000_000);
        final var heap = System.getProperty("bench.heap", "512m");
        final var loadAtStart = LoadAverage.now();
        final var broker = KafkaBroker.shared();
        final var registryUrl = SchemaRegistry.shared().url();
        final var serde = SerdeConfig.of(registryUrl);
        final var numbers = new NumberSource();
        final var rows = new ArrayList<Row>();
        final long benchStarted = System.nanoTime();
        try (var simulator = ProviderSimulator.start(SimulatorConfig.defaults())) {
            for (final long history : histories) {
                final var topics = BenchTopics.create(broker, "ledger-" + history);
                log("writing " + history + " intents to " + topics.intents());
                final var written = IntentHistory.write(broker.bootstrapServers(), serde, topics.intents(), history,
                        Instant.now());
                log(String.format("history written in %.0f s (%,.0f intents/s)", written.toNanos() / 1e9,
                        history / (written.toNanos() / 1e9)));
                final var stateDir = Files.createTempDirectory("ledger-bench-state-");
                try (var results = new ResultWatcher(broker.bootstrapServers(), serde, topics.results(),
                        BenchTopics.PARTITIONS)) {
                    final var settings = topics.connectorSettings(broker.bootstrapServers(), registryUrl);
                    settings.put("connector.ledger.state-dir", stateDir.toString());
                    rows.add(start(history, "cold (empty state dir)", simulator, settings, heap, results, serde,
                            numbers, topics, false));
                    rows.add(start(history, "restart (same state dir)", simulator, settings, heap, results, serde,
                            numbers, topics, true));
                    rows.add(start(history, "restart after SIGKILL", simulator, settings, heap, results, serde,
                            numbers, topics, false));
                    if (history <= memoryUpTo) {
                        settings.put("connector.ledger.store", "memory");
                        rows.add(start(history, "restart, store=memory", simulator, settings, heap, results, serde,
                                numbers, topics, false));
                    }
                } finally {
                    System.out.printf("  state dir: %,d MB on disk for %,d request_ids; deleted%n",
                            sizeMb(stateDir), history);
                    deleteRecursively(stateDir);
                }
            }
        }
        System.out.println();
        System.out.println("### Ledger benchmark, " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version().feature()
                + ", connector -Xmx" + heap + ", load average " + loadAtStart + " at start, " + LoadAverage.now()
                + " at end, " + Math.round((System.nanoTime() - benchStarted) / 60e9) + " min in all");
        System.out.println();
        System.out.println("| request_ids in history | start | JVM launch → first result | intents read at start"
                + " | live heap after full GC | ledger entries |");
        System.out.println("|---:|---|---:|---:|---:|---:|");
        for (final var row : rows) {
            System.out.printf("| %,d | %s | %.1f s | %,d | %d MB | %,d |%n", row.history(), row.start(),
                    row.firstResult().toMillis() / 1000.0, row.restored(), row.liveHeapMb(), row.entries());
        }
        // The in-JVM broker, the registry process and the simulator keep non-daemon threads.
        System.exit(0);
    }

    /** One connector start: a request waits in the topic, the JVM is launched, the clock stops at its result. */
    private static Row start(final long history, final String name, final ProviderSimulator simulator,
                             final Map<String, Object> settings, final String heap,
                             final ResultWatcher results, final SerdeConfig serde, final NumberSource numbers,
                             final BenchTopics topics, final boolean killed) throws InterruptedException {
        log(history + ": " + name);
        final List<String> probe;
        try (var feed = new RequestFeed(KafkaBroker.shared().bootstrapServers(), serde, topics.requests(),
                "probe-" + name.replaceAll("\\W", "") + "-", numbers)) {
            feed.backlog(1);
            probe = List.copyOf(feed.sentAtNanos().keySet());
        }
        final long launched = System.nanoTime();
        try (var connector = MeasuredConnector.start("ledger-" + history, heap, "", simulator, settings)) {
            if (!results.awaitAll(probe, Duration.ofMinutes(30))) {
                throw new IllegalStateException("no result for " + probe + " within 30 minutes; see "
                        + connector.log());
            }
            final var firstResult = Duration.ofNanos(results.arrival(probe.getFirst()).nanos() - launched);
            final long restored = connector.gauge("connector_ledger_restore_records_total");
            final long live = connector.liveHeapMbAfterFullGc();
            final long entries = connector.gauge("connector_ledger_entries");
            log(String.format("%s: first result after %.1f s, %,d intents read, %d MB live heap, %,d entries", name,
                    firstResult.toMillis() / 1000.0, restored, live, entries));
            if (killed) {
                // No graceful last read: the next start shows what the checkpoint kept while running.
                connector.kill();
            }
            return new Row(history, name, firstResult, restored, live, entries);
        }
    }

    private static long sizeMb(final Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum() >> 20;
        }
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (final var file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static void log(final String message) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + message);
    }
}
