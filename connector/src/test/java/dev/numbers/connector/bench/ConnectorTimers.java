package dev.numbers.connector.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Counts and sums of the connector's own timers, read from its Prometheus text (summed over their tags), so a run's
 * mean of each part is the difference of two snapshots: the claim ({@code connector.claims.write}) and the result
 * transaction ({@code connector.results.transaction}) of the requests in between; also the claim cycles that went
 * on after reading past the tail or waited for the earlier transactions ({@code connector.claims.fence}, by path).
 */
record ConnectorTimers(Map<String, double[]> countAndSum) {

    static final String CLAIM = "connector_claims_write_seconds";
    static final String TRANSACTION = "connector_results_transaction_seconds";
    static final String FENCE_SCANNED = "connector_claims_fence_seconds:scanned";
    static final String FENCE_WAITED = "connector_claims_fence_seconds:waited";
    private static final Pattern SAMPLE = Pattern.compile(
            "^(connector_[a-z_]+_seconds)_(count|sum)(?:\\{[^}]*})?\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final Pattern FENCE = Pattern.compile(
            "^(connector_claims_fence_seconds)_(count|sum)\\{[^}]*path=\"([a-z]+)\"[^}]*}\\s+([0-9.eE+-]+)$",
            Pattern.MULTILINE);

    static ConnectorTimers of(final String prometheusText) {
        final var totals = new HashMap<String, double[]>();
        final var matcher = SAMPLE.matcher(prometheusText);
        while (matcher.find()) {
            final var pair = totals.computeIfAbsent(matcher.group(1), name -> new double[2]);
            pair[matcher.group(2).equals("count") ? 0 : 1] += Double.parseDouble(matcher.group(3));
        }
        final var fence = FENCE.matcher(prometheusText);
        while (fence.find()) {
            totals.computeIfAbsent(fence.group(1) + ":" + fence.group(3), name -> new double[2])
                    [fence.group(2).equals("count") ? 0 : 1] += Double.parseDouble(fence.group(4));
        }
        return new ConnectorTimers(totals);
    }

    /** Mean milliseconds of {@code timer} over what was recorded since {@code before}; NaN when nothing was. */
    double meanMillisSince(final ConnectorTimers before, final String timer) {
        final var now = countAndSum.getOrDefault(timer, new double[2]);
        final var then = before.countAndSum.getOrDefault(timer, new double[2]);
        final double count = now[0] - then[0];
        return count <= 0 ? Double.NaN : (now[1] - then[1]) * 1_000 / count;
    }

    long countSince(final ConnectorTimers before, final String timer) {
        return (long) (countAndSum.getOrDefault(timer, new double[2])[0]
                - before.countAndSum.getOrDefault(timer, new double[2])[0]);
    }
}
