package dev.numbers.connector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreLatenciesThatHappenedByNearestRank() {
        final var nanos = new ArrayList<Long>();
        for (long ms = 100; ms >= 1; ms--) {
            nanos.add(Duration.ofMillis(ms).toNanos());
        }
        final var latencies = Latencies.of(nanos);
        assertThat(latencies.percentile(50)).isEqualTo(Duration.ofMillis(50));
        assertThat(latencies.percentile(99)).isEqualTo(Duration.ofMillis(99));
        assertThat(latencies.max()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aSingleSlowRequestIsTheP99OfFewRequests() {
        final var latencies = Latencies.of(List.of(1L, 1L, 1L, 500L));
        assertThat(latencies.percentile(99).toNanos()).isEqualTo(500);
    }
}
