package dev.numbers.connector.bench;

/**
 * What one benchmark run does; every value can be changed with {@code -Dbench.<name>=...} (e.g.
 * {@code -Dbench.backlog=50000}). The connector runs with its defaults: nothing here sizes its in-flight limit (a cap
 * can still be tried with {@code -Dbench.connector-jvm-args=-Dconnector.max-in-flight=512}).
 *
 * @param providerLatencyMs   simulator latency of a SignalWire purchase
 * @param warmup              requests run through the unlimited connector before anything is measured (JIT, pools)
 * @param backlog             requests produced at once for the unlimited throughput run
 * @param pacedRate           open-loop rate (requests/s) for the unlimited latency run; below capacity on purpose
 * @param pacedSeconds        length of each paced run
 * @param pacedWarmupSeconds  seconds at the paced rate before run a's paced latency is measured (reported beside it,
 *                            not the target's run): the rate's code paths are not the backlog's, and 15 s into it the
 *                            connector's JIT compiler still took 0.17-0.21 of a core and the benchmark's 0.3; after 60
 *                            s, 0.01 and 0.09 (0: measure at once)
 * @param limit               provider rate limit (simulator) and connector requests-per-second in run b
 * @param limitedWarmup       requests paced at half the limit before the limited run is measured
 * @param limitedBacklog      requests produced at once for the rate-limited run
 * @param limitedPacedRate    open-loop rate for the latency run below the limit
 * @param baselineRequests    requests offered to the one-at-a-time sink
 * @param baselineSeconds     time the sink gets
 * @param coldStartBacklog    requests produced before a fresh connector starts (run a', no provider limit): the
 *                            cold start whose registry errors are counted (0: skip it)
 * @param heap                -Xmx of the connector JVM
 * @param connectorJvmArgs    more options for the connector JVM, space-separated
 * @param profile             a JFR profile of every connector JVM, summarized at the end ({@link JfrProfile})
 * @param aot                 run a'': fresh connectors' first minute at the paced rate without and with an
 *                            ahead-of-time cache made by a training run ({@link FirstMinute}; Java 25)
 * @param aotTrainingSeconds  the training run's seconds at the paced rate (after a backlog of 2,000)
 */
record BenchSettings(int providerLatencyMs, int warmup, int backlog, int pacedRate, int pacedSeconds,
                     int pacedWarmupSeconds, int limit,
                     int limitedWarmup, int limitedBacklog, int limitedPacedRate, int baselineRequests,
                     int baselineSeconds,
                     int coldStartBacklog, String heap, String connectorJvmArgs, boolean profile,
                     boolean aot, int aotTrainingSeconds) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Integer.getInteger("bench.latency-ms", 200),
                Integer.getInteger("bench.warmup", 10_000),
                Integer.getInteger("bench.backlog", 30_000),
                Integer.getInteger("bench.paced-rate", 500),
                Integer.getInteger("bench.paced-seconds", 15),
                Integer.getInteger("bench.paced-warmup-seconds", 60),
                Integer.getInteger("bench.limit", 100),
                Integer.getInteger("bench.limited-warmup", 150),
                Integer.getInteger("bench.limited-backlog", 2_000),
                Integer.getInteger("bench.limited-paced-rate", 90),
                Integer.getInteger("bench.baseline-requests", 100),
                Integer.getInteger("bench.baseline-seconds", 10),
                Integer.getInteger("bench.cold-start-backlog", 10_000),
                System.getProperty("bench.heap", "512m"),
                System.getProperty("bench.connector-jvm-args", ""),
                Boolean.getBoolean("bench.profile"),
                Boolean.getBoolean("bench.aot"),
                Integer.getInteger("bench.aot-training-seconds", 30));
    }
}
