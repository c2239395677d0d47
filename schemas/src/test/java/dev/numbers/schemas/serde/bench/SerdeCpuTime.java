package dev.numbers.schemas.serde.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The {@link SerdeBenchmark} round trip timed in thread CPU time rather than wall time: on a machine shared with
 * other builds, wall-clock JMH scores mostly measure the wait for a core. Not a JMH replacement, a cross-check.
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl schemas -am -q test-compile exec:exec@bench
 * -Dbench.main=dev.numbers.schemas.serde.bench.SerdeCpuTime -Djmh.args=}
 */
public final class SerdeCpuTime {

    private static final int WARM_UP = 300_000;
    private static final int ROUNDS = 7;
    private static final int PER_ROUND = 300_000;

    private SerdeCpuTime() {
    }

    public static void main(final String[] args) {
        final var threads = ManagementFactory.getThreadMXBean();
        final var benchmark = new SerdeBenchmark();
        benchmark.setUp();
        long sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sink += benchmark.roundTripOnce().getRequestId().length();
        }
        final double[] nanosPerRoundTrip = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            final long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) {
                sink += benchmark.roundTripOnce().getRequestId().length();
            }
            nanosPerRoundTrip[round] = (threads.getCurrentThreadCpuTime() - start) / (double) PER_ROUND;
        }
        Arrays.sort(nanosPerRoundTrip);
        System.out.printf(
                "NumberRequest serialize+deserialize, thread CPU time: min %.0f ns, median %.0f ns, max %.0f ns"
                        + " per round trip (%d rounds of %d; checksum %d)%n",
                nanosPerRoundTrip[0], nanosPerRoundTrip[ROUNDS / 2], nanosPerRoundTrip[ROUNDS - 1], ROUNDS, PER_ROUND,
                sink);
    }
}
