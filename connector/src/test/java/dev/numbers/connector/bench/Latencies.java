package dev.numbers.connector.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Percentiles of request→result latencies (nanoseconds); nearest-rank, so p99 is a latency that happened. */
record Latencies(long[] sortedNanos) {

    static Latencies of(final Collection<Long> nanos) {
        final var sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Latencies(sorted);
    }

    /** All of several runs' latencies as one run's. */
    static Latencies join(final List<Latencies> parts) {
        final var all = parts.stream().flatMapToLong(p -> Arrays.stream(p.sortedNanos())).toArray();
        Arrays.sort(all);
        return new Latencies(all);
    }

    int count() {
        return sortedNanos.length;
    }

    Duration percentile(final double p) {
        if (sortedNanos.length == 0) {
            return Duration.ZERO;
        }
        final int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return Duration.ofNanos(sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))]);
    }

    Duration max() {
        return sortedNanos.length == 0 ? Duration.ZERO : Duration.ofNanos(sortedNanos[sortedNanos.length - 1]);
    }
}
