package dev.numbers.connector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.schemas.avro.Provider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole account limit on the real clock: a few hundred milliseconds of waiting at most. */
class SharedRateLimitTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SharedRateLimits limits = new SharedRateLimits(null, RateLimitConfig.defaults(), meters);

    @Test
    void oneAccountIsOneBudgetAndIsMetered() {
        final var limit = limits.forAccount(Provider.SIGNALWIRE, "default", 40);
        assertThat(limits.forAccount(Provider.SIGNALWIRE, "default", 40)).isSameAs(limit);
        assertThat(limits.forAccount(Provider.TELNYX, "default", 40)).isNotSameAs(limit);
        assertThat(meters.get("connector.rate.limit.share").tags("provider", "signalwire", "account", "default")
                .gauge().value()).isEqualTo(40);
    }

    @Test
    void permitsComeAtTheRate() {
        final var limit = limits.forAccount(Provider.SIGNALWIRE, "paced", 50);
        final long start = System.nanoTime();
        for (int i = 0; i < 11; i++) {
            assertThat(limit.acquire()).isTrue();
        }
        // Ten gaps of 20 ms; no burst although the limit had been idle since it was made.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(195));
    }

    @Test
    void aTooManyRequestsAnswerLowersTheRateAndIsCounted() {
        final var limit = limits.forAccount(Provider.TELNYX, "busy", 100);
        final long before = System.nanoTime();
        limit.observe(429, Map.of("Retry-After", "1")::get);
        // Cut to 70 % of 100/s, then climbing back by recovery-per-second of the share: the bound grows with the time
        // this thread really took (a loaded machine may stall it), so the assertion holds on the real clock.
        assertThat(limit.rate()).isBetween(70.0, recoveredBy(before));
        assertThat(meters.get("connector.rate.limit.throttled").tags("provider", "telnyx", "account", "busy",
                "reason", "429").counter().count()).isEqualTo(1);
        assertThat(meters.get("connector.rate.limit.rate").tags("provider", "telnyx", "account", "busy").gauge()
                .value()).isBetween(70.0, recoveredBy(before));
    }

    /** The highest rate of a 100/s share cut to 70/s at or after {@code cutNotBefore} can have climbed back to now. */
    private static double recoveredBy(final long cutNotBefore) {
        final double seconds = (System.nanoTime() - cutNotBefore) / 1e9;
        return 70.0 + 100 * RateLimitConfig.defaults().recoveryPerSecond() * seconds + 1e-9;
    }

    @Test
    void aPauseLongerThanTheCapIsCutToTheCap() {
        final var capped = new SharedRateLimits(null, new RateLimitConfig(Duration.ofSeconds(5), 0.1,
                Duration.ofMillis(300), 0.05), meters).forAccount(Provider.TELNYX, "capped", 100);
        capped.observe(429, Map.of("Retry-After", "86400")::get);
        final long start = System.nanoTime();
        assertThat(capped.acquire()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                Duration.ofSeconds(5));
    }

    @Test
    void anInterruptedWaitSendsNothing() {
        final var limit = limits.forAccount(Provider.SIGNALWIRE, "stopping", 1);
        limit.acquire();
        Thread.currentThread().interrupt();
        try {
            assertThat(limit.acquire()).isFalse();
        } finally {
            Thread.interrupted();
        }
    }
}
