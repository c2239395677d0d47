package dev.numbers.connector.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapTrendTest {

    @Test
    void oneHighSampleDoesNotTurnAFlatHeapIntoGrowth() {
        final var trend = new HeapTrend(List.of(new HeapTrend.LiveHeap(40, 40_000), new HeapTrend.LiveHeap(44, 47_500),
                new HeapTrend.LiveHeap(40, 55_000), new HeapTrend.LiveHeap(40, 62_500),
                new HeapTrend.LiveHeap(40, 70_000), new HeapTrend.LiveHeap(40, 77_500)));

        // Two points (the first and the second) would read 4 MB / 7,500 requests = 559 B per request.
        assertThat(trend.judged()).isTrue();
        assertThat(Math.abs(trend.bytesPerRequest())).isLessThan(100);
    }

    @Test
    void steadyGrowthIsMeasuredAsTheLineSlope() {
        final var trend = new HeapTrend(List.of(new HeapTrend.LiveHeap(40, 0), new HeapTrend.LiveHeap(41, 1_048),
                new HeapTrend.LiveHeap(42, 2_097), new HeapTrend.LiveHeap(43, 3_145)));

        assertThat(trend.bytesPerRequest()).isCloseTo(1_000, within(5.0));
    }

    @Test
    void twoSamplesOrFailedOnesGiveNoVerdict() {
        final var trend = new HeapTrend(List.of(new HeapTrend.LiveHeap(40, 0), new HeapTrend.LiveHeap(-1, 1_000),
                new HeapTrend.LiveHeap(90, 2_000)));

        assertThat(trend.judged()).isFalse();
        assertThat(trend.bytesPerRequest()).isZero();
    }
}
