package dev.numbers.connector.bench;

import java.util.List;

/**
 * The live heap (after a full GC) at several points of a run, and how fast it grows per request by least squares
 * over all of them: two points judged growth from whatever the heap held at those two moments (a buffer pool just
 * filled, a meter just registered), so two runs of the same code gave +224 and -252 B per request; a line through
 * every window's sample is not moved much by one of them.
 */
record HeapTrend(List<LiveHeap> samples) {

    /** Heap in use after a full GC (MB, as the GC log prints it) once {@code requests} had been answered. */
    record LiveHeap(long mb, int requests) {
    }

    /** Fewer points than this say nothing about a trend: no verdict. */
    static final int FEWEST = 3;

    HeapTrend {
        samples = List.copyOf(samples);
    }

    boolean judged() {
        return samples.stream().filter(s -> s.mb() >= 0).count() >= FEWEST;
    }

    /** Slope of the least-squares line through the samples (bytes per request); 0 when not {@link #judged}. */
    double bytesPerRequest() {
        final var valid = samples.stream().filter(s -> s.mb() >= 0).toList();
        if (valid.size() < FEWEST) {
            return 0;
        }
        final double meanX = valid.stream().mapToDouble(LiveHeap::requests).average().orElseThrow();
        final double meanY = valid.stream().mapToDouble(s -> s.mb() * 1_048_576.0).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (final var s : valid) {
            covariance += (s.requests() - meanX) * (s.mb() * 1_048_576.0 - meanY);
            variance += (s.requests() - meanX) * (s.requests() - meanX);
        }
        return variance == 0 ? 0 : covariance / variance;
    }

    LiveHeap last() {
        return samples.getLast();
    }
}
