package dev.numbers.bridge.bench;

import dev.numbers.bridge.bench.ThreadCpu.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What one run measured, and how runs are printed: one Markdown table row per run, and per configuration the median
 * and the spread (lowest–highest) of every column.
 *
 * @param cpu          CPU nanoseconds per kind of thread over the measured window
 * @param latencies    endpoint latency of each measured webhook, ns, sorted
 * @param lags         send → order-state event read ({@code read_committed}), ms, sorted
 * @param eventsSeen   order-state events read for the measured webhooks (one each is expected)
 */
record RunResult(String label, double loadBefore, double loadAfter, int webhooks, double webhooksPerSecond,
        double windowSeconds, Map<Kind, Long> cpu, long failures, String firstFailure, long[] latencies,
        long[] lags, int eventsSeen) {

    /** The columns, in order: name and how to read it off a run. */
    private static final Map<String, ToDoubleFunction<RunResult>> COLUMNS = columns();

    double micros(final Kind kind) {
        return cpu.get(kind) / 1e3 / webhooks;
    }

    double bridgeMicros() {
        return cpu.entrySet().stream().filter(e -> e.getKey().bridge()).mapToLong(Map.Entry::getValue).sum() / 1e3
                / webhooks;
    }

    double wholeMicros() {
        return cpu.values().stream().mapToLong(Long::longValue).sum() / 1e3 / webhooks;
    }

    static String header() {
        final var names = new ArrayList<>(COLUMNS.keySet());
        return "| run | " + String.join(" | ", names) + " | events seen | failures |\n|---|"
                + "---|".repeat(names.size() + 2);
    }

    String row() {
        final var cells = new ArrayList<String>();
        COLUMNS.values().forEach(f -> cells.add(format(f.applyAsDouble(this))));
        return "| " + label + " | " + String.join(" | ", cells) + " | " + eventsSeen + " of " + webhooks + " | "
                + failures + (firstFailure == null ? "" : " (" + firstFailure + ")") + " |";
    }

    /** Per configuration: median, and lowest–highest in brackets, of every column. */
    static String summary(final List<RunResult> runs) {
        final var byLabel = new LinkedHashMap<String, List<RunResult>>();
        runs.forEach(r -> byLabel.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
        final var text = new StringBuilder(header()).append('\n');
        byLabel.forEach((label, mine) -> {
            final var cells = new ArrayList<String>();
            COLUMNS.values().forEach(f -> {
                final var values = mine.stream().mapToDouble(f).sorted().toArray();
                cells.add(format(median(values)) + (values.length > 1
                        ? " (" + format(values[0]) + "–" + format(values[values.length - 1]) + ")" : ""));
            });
            final int seen = mine.stream().mapToInt(RunResult::eventsSeen).sum();
            final int sent = mine.stream().mapToInt(RunResult::webhooks).sum();
            final long failed = mine.stream().mapToLong(RunResult::failures).sum();
            text.append("| ").append(label).append(", median of ").append(mine.size()).append(" | ")
                    .append(String.join(" | ", cells)).append(" | ").append(seen).append(" of ").append(sent)
                    .append(" | ").append(failed).append(" |\n");
        });
        return text.toString();
    }

    /**
     * Each round's after against its before (the two runs nearest in time, so under the most similar load): the
     * change of the bridge's CPU per webhook and of the whole JVM's, per round and the median of the rounds.
     */
    static String paired(final List<RunResult> before, final List<RunResult> after) {
        final int rounds = Math.min(before.size(), after.size());
        final var bridge = new double[rounds];
        final var whole = new double[rounds];
        final var text = new StringBuilder("after against before in the same round, CPU per webhook: bridge");
        for (int i = 0; i < rounds; i++) {
            bridge[i] = after.get(i).bridgeMicros() / before.get(i).bridgeMicros() - 1;
            whole[i] = after.get(i).wholeMicros() / before.get(i).wholeMicros() - 1;
            text.append(String.format(Locale.ROOT, " %+.0f%%", 100 * bridge[i]));
        }
        text.append("; whole JVM");
        for (int i = 0; i < rounds; i++) {
            text.append(String.format(Locale.ROOT, " %+.0f%%", 100 * whole[i]));
        }
        Arrays.sort(bridge);
        Arrays.sort(whole);
        return text.append(String.format(Locale.ROOT, "; medians: bridge %+.0f%%, whole JVM %+.0f%%",
                100 * median(bridge), 100 * median(whole))).toString();
    }

    private static Map<String, ToDoubleFunction<RunResult>> columns() {
        final var columns = new LinkedHashMap<String, ToDoubleFunction<RunResult>>();
        columns.put("load avg", r -> (r.loadBefore() + r.loadAfter()) / 2);
        columns.put("webhooks/s", RunResult::webhooksPerSecond);
        for (final var kind : Kind.values()) {
            if (kind.bridge()) {
                columns.put(kind.label + " µs", r -> r.micros(kind));
            }
        }
        columns.put("**bridge µs**", RunResult::bridgeMicros);
        for (final var kind : Kind.values()) {
            if (!kind.bridge()) {
                columns.put(kind.label + " µs", r -> r.micros(kind));
            }
        }
        columns.put("whole JVM µs", RunResult::wholeMicros);
        columns.put("endpoint p50 ms", r -> pct(r.latencies(), 0.50) / 1e6);
        columns.put("endpoint p99 ms", r -> pct(r.latencies(), 0.99) / 1e6);
        columns.put("lag p50 ms", r -> pct(r.lags(), 0.50));
        columns.put("lag p99 ms", r -> pct(r.lags(), 0.99));
        return columns;
    }

    static double median(final double[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        final int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double pct(final long[] sorted, final double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p * sorted.length) - 1))];
    }

    private static String format(final double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
