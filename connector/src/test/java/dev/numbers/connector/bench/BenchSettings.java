package dev.numbers.connector.bench;

/**
 * What one benchmark run does; every value can be changed with {@code -Dbench.<name>=...} (e.g.
 * {@code -Dbench.backlog=50000}).
 *
 * @param providerLatencyMs   simulator latency of a SignalWire purchase
 * @param warmup              requests run through the unlimited connector before anything is measured (JIT, pools)
 * @param backlog             requests produced at once for the unlimited throughput run
 * @param pacedRate           open-loop rate (requests/s) for the unlimited latency run; below capacity on purpose
 * @param pacedSeconds        length of each paced run
 * @param limit               provider rate limit (simulator) and connector requests-per-second in run b
 * @param limitedWarmup       requests paced at half the limit before the limited run is measured
 * @param limitedBacklog      requests produced at once for the rate-limited run
 * @param limitedPacedRate    open-loop rate for the latency run below the limit
 * @param baselineRequests    requests offered to the one-at-a-time sink
 * @param baselineSeconds     time the sink gets
 * @param maxInFlight         connector.max-in-flight of runs a and b (0: the connector's default); 1,000/s at 200 ms
 *                            needs more than the default, see docs/connector.md
 * @param defaultInFlightBacklog  backlog for one more unlimited run with the default max-in-flight (0: skip it)
 * @param heap                -Xmx of the connector JVM
 * @param connectorJvmArgs    more options for the connector JVM, space-separated (e.g. a JFR recording)
 */
record BenchSettings(int providerLatencyMs, int warmup, int backlog, int pacedRate, int pacedSeconds, int limit,
                     int limitedWarmup, int limitedBacklog, int limitedPacedRate, int baselineRequests,
                     int baselineSeconds,
                     int maxInFlight, int defaultInFlightBacklog, String heap, String connectorJvmArgs) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Integer.getInteger("bench.latency-ms", 200),
                Integer.getInteger("bench.warmup", 10_000),
                Integer.getInteger("bench.backlog", 30_000),
                Integer.getInteger("bench.paced-rate", 500),
                Integer.getInteger("bench.paced-seconds", 15),
                Integer.getInteger("bench.limit", 100),
                Integer.getInteger("bench.limited-warmup", 150),
                Integer.getInteger("bench.limited-backlog", 2_000),
                Integer.getInteger("bench.limited-paced-rate", 90),
                Integer.getInteger("bench.baseline-requests", 100),
                Integer.getInteger("bench.baseline-seconds", 10),
                Integer.getInteger("bench.max-in-flight", 1_024),
                Integer.getInteger("bench.default-in-flight-backlog", 10_000),
                System.getProperty("bench.heap", "512m"),
                System.getProperty("bench.connector-jvm-args", ""));
    }
}
