package dev.numbers.connector.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The benchmark's answer as one Markdown table: what was measured, the figure, the target, met or not. */
final class ResultTable {

    private record Row(String run, String measure, String result, String target, String verdict) {
    }

    private final List<Row> rows = new ArrayList<>();

    /** {@code target} 0: a figure to read, not a target. */
    void throughput(final String run, final ConnectorRun.Backlog backlog, final int target) {
        rows.add(new Row(run, "throughput, backlog of " + count(backlog.requests()) + " (first produced → last result)",
                rate(backlog.perSecond()) + " req/s", target == 0 ? "" : "≥ " + count(target) + " req/s",
                target == 0 ? "" : verdict(backlog.perSecond() >= target)));
        rows.add(new Row(run, "connector CPU per request in that backlog (user + system)",
                String.format(Locale.ROOT, "%.2f ms", backlog.cpuMillisPerRequest()), "", ""));
    }

    void latency(final String run, final ConnectorRun.Paced paced, final Duration p99Target) {
        final var l = paced.latencies();
        rows.add(new Row(run, "request → result latency p50 / p99 / max, paced " + count(paced.requests())
                + " requests at " + rate(paced.achievedPerSecond()) + "/s",
                ms(l.percentile(50)) + " / **" + ms(l.percentile(99)) + "** / " + ms(l.max()) + " ms",
                "p99 ≤ " + p99Target.toMillis() + " ms", verdict(l.percentile(99).compareTo(p99Target) <= 0)));
        rows.add(new Row(run, "where that time goes, p50 / p99: produced → picked up · executing (provider call) ·"
                + " finished → readable", split(paced.pickup()) + " · " + split(paced.execution()) + " · "
                + split(paced.publication()) + " ms", "", ""));
    }

    /** The first seconds at the paced rate, before the measured run: shown so the warm-up is not hidden. */
    void warmupLatency(final String run, final ConnectorRun.Paced paced, final ConnectorCpu.Use cpu) {
        final var l = paced.latencies();
        rows.add(new Row(run, "warm-up before it, not the target's run: p50 / p99 / max of the first "
                + count(paced.requests()) + " requests at " + rate(paced.achievedPerSecond()) + "/s; connector CPU"
                + " in cores (of which its JIT compiler)", ms(l.percentile(50)) + " / " + ms(l.percentile(99)) + " / "
                + ms(l.max()) + " ms; " + cores(cpu), "", ""));
    }

    /** A figure to read with no target. */
    void note(final String run, final String measure, final String result) {
        rows.add(new Row(run, measure, result, "", ""));
    }

    /**
     * A fresh connector at the paced rate: how long until it answered /health, p99 over its first window and over its
     * first minute (the target's), the connector's CPU over that minute, and p99 once warm.
     */
    void firstMinute(final String run, final Duration up, final ConnectorRun.Paced first,
                     final ConnectorRun.Paced minute, final ConnectorRun.Paced warm, final ConnectorCpu.Use cpu,
                     final Duration p99Target) {
        rows.add(new Row(run, "launch → /health up", String.format(Locale.ROOT, "%.1f s", up.toMillis() / 1000.0),
                "", ""));
        rows.add(new Row(run, "p50 / p99 over the first " + count(first.requests()) + " requests at "
                + rate(first.achievedPerSecond()) + "/s (first 15 s)", split(first.latencies()) + " ms", "", ""));
        final var p99 = minute.latencies().percentile(99);
        rows.add(new Row(run, "p50 / p99 over the first minute, " + count(minute.requests()) + " requests; connector"
                + " CPU in cores (of which its JIT compiler)", ms(minute.latencies().percentile(50)) + " / **"
                + ms(p99) + "** ms; " + cores(cpu), "p99 ≤ " + p99Target.toMillis() + " ms",
                verdict(p99.compareTo(p99Target) <= 0)));
        rows.add(new Row(run, "p50 / p99 warm, the 15 s after that minute", split(warm.latencies()) + " ms", "", ""));
    }

    /** The connector's CPU over the measured paced run, and the part its JIT compiler threads took. */
    void cpu(final String run, final ConnectorCpu.Use cpu) {
        rows.add(new Row(run, "connector CPU over that paced run, in cores (of which its JIT compiler)", cores(cpu),
                "", ""));
    }

    private static String cores(final ConnectorCpu.Use cpu) {
        return String.format(Locale.ROOT, "%.2f (%.2f)", cpu.cores(), cpu.jitCores());
    }

    /** The connector's own timers over the paced run: what a claim and a result transaction took on average. */
    void parts(final String run, final ConnectorTimers before, final ConnectorTimers after) {
        rows.add(new Row(run, "inside executing and readable, mean over the paced run: claim write"
                + " (connector.claims.write) · result transaction (connector.results.transaction, count)",
                String.format(Locale.ROOT, "%.1f · %.1f ms (%,d)", after.meanMillisSince(before, ConnectorTimers.CLAIM),
                        after.meanMillisSince(before, ConnectorTimers.TRANSACTION),
                        after.countSince(before, ConnectorTimers.TRANSACTION)), "", ""));
        rows.add(new Row(run, "claim cycles over the paced run that went on after reading past the tail · that waited"
                + " for the partition's earlier transactions (connector.claims.fence: count, mean)",
                String.format(Locale.ROOT, "%,d (%.1f ms) · %,d (%.1f ms)",
                        after.countSince(before, ConnectorTimers.FENCE_SCANNED),
                        after.meanMillisSince(before, ConnectorTimers.FENCE_SCANNED),
                        after.countSince(before, ConnectorTimers.FENCE_WAITED),
                        after.meanMillisSince(before, ConnectorTimers.FENCE_WAITED)), "", ""));
    }

    private static String split(final Latencies l) {
        return ms(l.percentile(50)) + " / " + ms(l.percentile(99));
    }

    void limited(final String run, final ConnectorRun.Backlog backlog, final int limit, final long after1s,
                 final long total) {
        final double floor = limit * 0.95;
        rows.add(new Row(run, "achieved rate, backlog of " + count(backlog.requests()), rate(backlog.perSecond())
                + " req/s", "≥ " + rate(floor) + " req/s", verdict(backlog.perSecond() >= floor)));
        rows.add(new Row(run, "429s after the first second (all 429s)", after1s + " (" + total + ")", "0",
                verdict(after1s == 0)));
    }

    void speedUp(final double connectorPerSecond, final OneAtATimeSink.Run baseline) {
        final double factor = connectorPerSecond / baseline.perSecond();
        rows.add(new Row("c) one-at-a-time consumer", "throughput, " + baseline.processed() + " requests in "
                + String.format(Locale.ROOT, "%.1f", baseline.elapsed().toMillis() / 1000.0) + " s",
                String.format(Locale.ROOT, "%.2f", baseline.perSecond()) + " req/s", "", ""));
        rows.add(new Row("a ÷ c", "connector throughput over the baseline's",
                String.format(Locale.ROOT, "%.0f×", factor), "≥ 100×", verdict(factor >= 100)));
    }

    void peakHeap(final String run, final MeasuredConnector connector, final String max) {
        final long peak = connector.peakHeapMb();
        rows.add(new Row(run, "heap: peak used (-Xmx" + max + ")", peak + " MB", "≤ 512 MB", verdict(peak <= 512)));
    }

    /** Peak heap, and what the live heap grows by per request: the least-squares slope over every sample. */
    void heap(final String run, final MeasuredConnector connector, final String max, final HeapTrend trend) {
        peakHeap(run, connector, max);
        final long ledgerEntries = connector.gauge("connector_ledger_entries");
        final double bytesPerRequest = trend.bytesPerRequest();
        final var last = trend.last();
        // What keeps growing decides whether the bound holds for a connector that runs for days, not for this run.
        final long untilFull = bytesPerRequest <= 0 ? Long.MAX_VALUE
                : (long) ((512 - last.mb()) * 1_048_576.0 / bytesPerRequest) + last.requests();
        final var samples = trend.samples().stream().map(s -> s.mb() + " MB at " + count(s.requests()))
                .collect(Collectors.joining(", "));
        rows.add(new Row(run, "heap in use after a full GC, sampled after the backlog and after every window of the"
                + " paced runs (ledger entries held at the end); growth per request by least squares over the samples,"
                + " so 512 MB is full after", samples + " (" + count(ledgerEntries) + "); "
                + String.format(Locale.ROOT, "%,.0f", bytesPerRequest) + " B → "
                + (untilFull == Long.MAX_VALUE ? "never" : "~" + count(untilFull) + " requests"),
                "bounded", trend.judged() ? verdict(bytesPerRequest < 100) : "fewer than " + HeapTrend.FEWEST
                + " samples: not judged"));
    }

    /**
     * CPU per request by kind of thread over a phase ({@link ThreadCpu}), in µs; kinds under 1 µs left out.
     */
    void threadCpu(final String run, final String phase, final Map<String, Duration> byKind, final int requests) {
        if (byKind.isEmpty()) {
            return;
        }
        final var parts = byKind.entrySet().stream()
                .filter(e -> e.getValue().toNanos() / 1_000.0 / requests >= 1)
                .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,.0f", e.getValue().toNanos() / 1_000.0
                        / requests))
                .collect(Collectors.joining(" · "));
        rows.add(new Row(run, "connector CPU per request by kind of thread over " + phase + ", µs (jcmd Thread.print)",
                parts, "", ""));
    }

    /** The in-flight limit the connector found on its own, and its ceiling, from its gauges at the end of a run. */
    void inFlightLimit(final String run, final MeasuredConnector connector) {
        rows.add(new Row(run, "in-flight limit found by the connector at the end (ceiling)",
                connector.gauge("connector_concurrency_limit") + " (" + connector.gauge("connector_concurrency_ceiling")
                        + ")", "", ""));
    }

    void registryErrors(final String run, final MeasuredConnector connector) {
        final long errors = connector.registryErrors();
        rows.add(new Row(run, "registry errors in the connector's log", count(errors), "0", verdict(errors == 0)));
    }

    void check(final String run, final String anomalies, final boolean clean) {
        rows.add(new Row(run, "every request exactly one SUCCEEDED result", anomalies, "0 / 0", verdict(clean)));
    }

    void print(final PrintStream out) {
        out.println("| run | measured | result | target | met |");
        out.println("|---|---|---|---|---|");
        rows.forEach(r -> out.println("| " + r.run() + " | " + r.measure() + " | " + r.result() + " | " + r.target()
                + " | " + r.verdict() + " |"));
    }

    private static String verdict(final boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String rate(final double perSecond) {
        return perSecond >= 100 ? String.format(Locale.ROOT, "%,.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    private static String count(final long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String ms(final Duration d) {
        return Long.toString(d.toMillis());
    }
}
