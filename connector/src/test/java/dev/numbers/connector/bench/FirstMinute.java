package dev.numbers.connector.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * a'') The first minute of a freshly started connector at the paced rate, without and with JDK 25's ahead-of-time
 * cache ({@link AotCache}), in one run: a training connector makes the cache (a backlog and a paced run, then a
 * graceful stop, at which the JVM writes it), then two fresh connectors on fresh topics, one without and one with it,
 * each paced for a minute in windows and then once more, warm. Both run on the same jars-only class path, so the
 * cache is the only difference. Last, a connector given the cache with another class path (this JVM's, with its class
 * directories): the JVM must say so and run on without it.
 *
 * @param settings the run's sizes (the paced rate, the training's seconds)
 * @param starter  starts a connector JVM on fresh topics
 * @param table    where the figures go
 */
record FirstMinute(BenchSettings settings, Starter starter, ResultTable table) {

    /** A connector JVM on fresh topics with these extra JVM options, on {@code classPath}. */
    @FunctionalInterface
    interface Starter {
        ConnectorRun start(String name, String jvmArgs, String classPath);
    }

    private static final int WINDOW_SECONDS = 15;
    private static final int WINDOWS = 4;
    /** The training run's graceful stop includes writing the cache: a second JVM assembles it from what was seen. */
    private static final Duration TRAINING_STOP = Duration.ofSeconds(300);

    void run(final Duration p99Target) throws InterruptedException {
        if (!AotCache.supported()) {
            table.note("a'') first minute", "ahead-of-time cache", "not run: needs Java 25, this is "
                    + Runtime.version().feature());
            return;
        }
        final AotCache cache;
        final Path dir;
        try {
            dir = Files.createTempDirectory("connector-bench-aot-");
            cache = AotCache.in(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        train(cache);
        measure("a'') first minute without the cache", "first-minute-plain", "", cache.classPath(), p99Target);
        final var log = dir.resolve("aot-used.log");
        measure("a'') first minute with the cache", "first-minute-aot", cache.use(log), cache.classPath(), p99Target);
        table.note("a'') first minute with the cache", "the JVM took the cache (-Xlog:aot: \"Opened AOT cache\","
                + " \"Using AOT-linked classes: true\")", verdict(taken(log)));
        refused(cache, dir.resolve("aot-refused.log"));
    }

    private void train(final AotCache cache) throws InterruptedException {
        ConnectorBenchmark.log("a'') training run for the ahead-of-time cache");
        final var run = starter.start("aot-training", cache.training(), cache.classPath());
        run.backlog("training-backlog", 2_000);
        run.paced("training", settings.pacedRate(), settings.aotTrainingSeconds());
        final long stopping = System.nanoTime();
        run.close(TRAINING_STOP);
        final long size = size(cache.file());
        table.note("a'') training", "a backlog of 2,000 and " + settings.aotTrainingSeconds() + " s at "
                + settings.pacedRate() + "/s, then a graceful stop that writes the cache (stop took, cache size)",
                String.format(Locale.ROOT, "%.1f s, %,d MB", (System.nanoTime() - stopping) / 1e9, size >> 20));
        if (size <= 0) {
            throw new IllegalStateException("the training run wrote no cache; its log: " + run.connector().log());
        }
    }

    private void measure(final String label, final String name, final String jvmArgs, final String classPath,
                         final Duration p99Target) throws InterruptedException {
        ConnectorBenchmark.log(label);
        final long launching = System.nanoTime();
        try (var run = starter.start(name, jvmArgs, classPath)) {
            final var up = Duration.ofNanos(System.nanoTime() - launching);
            final var cpu = ConnectorCpu.of(run.connector());
            final var windows = new ArrayList<ConnectorRun.Paced>();
            for (int i = 0; i < WINDOWS; i++) {
                windows.add(run.paced(name + "-" + i, settings.pacedRate(), WINDOW_SECONDS));
            }
            final var minuteCpu = cpu.since(run.connector());
            final var warm = run.paced(name + "-warm", settings.pacedRate(), WINDOW_SECONDS);
            table.firstMinute(label, up, windows.getFirst(), ConnectorRun.Paced.join(windows), warm, minuteCpu,
                    p99Target);
            table.check(label, run.anomalies(), run.clean());
        }
    }

    /** A cache made for another class path: the JVM must warn and run on, the connector come up as ever. */
    private void refused(final AotCache cache, final Path log) throws InterruptedException {
        ConnectorBenchmark.log("a'') the cache with another class path");
        try (var run = starter.start("aot-refused", cache.use(log), System.getProperty("java.class.path"))) {
            run.paced("aot-refused", 10, 1);
            table.note("a'') the cache with another class path", "the connector came up and answered; the JVM said",
                    (taken(log) ? "**took it** " : "") + firstComplaint(log));
        }
    }

    private static boolean taken(final Path log) {
        final var lines = lines(log);
        return lines.stream().anyMatch(l -> l.contains("Opened AOT cache"))
                && lines.stream().anyMatch(l -> l.contains("Using AOT-linked classes: true"));
    }

    private static String firstComplaint(final Path log) {
        return lines(log).stream().filter(l -> l.contains("[warning]") || l.contains("[error"))
                .map(l -> l.substring(l.indexOf(']', l.indexOf("[aot") ) + 1).trim().replace("|", "/"))
                .findFirst().orElse("nothing at warning level");
    }

    private static List<String> lines(final Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long size(final Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String verdict(final boolean met) {
        return met ? "yes" : "**no**";
    }
}
