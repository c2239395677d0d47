package dev.numbers.connector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-23T16:00:00Z");

    private static RateLimitHeaders read(final int status, final Map<String, String> headers) {
        final var caseless = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        caseless.putAll(headers);
        return RateLimitHeaders.read(status, caseless::get, NOW);
    }

    @Test
    void aPlainAnswerSaysNothing() {
        assertThat(read(200, Map.of("x-ratelimit-remaining", "12", "x-ratelimit-reset", "1")))
                .isEqualTo(RateLimitHeaders.NOTHING);
    }

    @Test
    void tooManyRequestsWithRetryAfterSecondsPausesThatLong() {
        assertThat(read(429, Map.of("Retry-After", "3")))
                .isEqualTo(new RateLimitHeaders(true, Optional.of(Duration.ofSeconds(3))));
    }

    @Test
    void tooManyRequestsWithTheShortestRetryAfterLowersTheRateButHoldsOnlyThatCall() {
        assertThat(read(429, Map.of("Retry-After", "1")))
                .isEqualTo(new RateLimitHeaders(true, Optional.empty()));
        assertThat(read(429, Map.of("Retry-After", "1", "x-ratelimit-remaining", "0")).pause())
                .contains(Duration.ofSeconds(1));
    }

    @Test
    void tooManyRequestsWithRetryAfterDatePausesUntilThen() {
        assertThat(read(429, Map.of("retry-after", "Mon, 23 Nov 2026 16:00:05 GMT")).pause())
                .contains(Duration.ofSeconds(5));
    }

    @Test
    void telnyxExhaustedWindowOnASuccessPausesUntilTheResetInSeconds() {
        final var seen = read(200, Map.of("x-ratelimit-limit", "100", "x-ratelimit-remaining", "0",
                "x-ratelimit-reset", "2"));
        assertThat(seen.overLimit()).isTrue();
        assertThat(seen.pause()).contains(Duration.ofSeconds(2));
    }

    @Test
    void aResetThatCanOnlyBeAnEpochTimeIsReadAsOne() {
        final var at = NOW.plusSeconds(4).getEpochSecond();
        assertThat(read(429, Map.of("x-ratelimit-remaining", "0", "X-RateLimit-Reset", Long.toString(at))).pause())
                .contains(Duration.ofSeconds(4));
    }

    @Test
    void retryAfterWinsOverTheReset() {
        assertThat(read(429, Map.of("Retry-After", "2", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "9"))
                .pause()).contains(Duration.ofSeconds(2));
    }

    @Test
    void hostileValuesAreIgnoredButA429StillCounts() {
        for (final var garbage : new String[] {"soon", "NaN", "Infinity", "", "1e"}) {
            final var seen = read(429, Map.of("Retry-After", garbage, "x-ratelimit-reset", garbage,
                    "x-ratelimit-remaining", garbage));
            assertThat(seen.overLimit()).as(garbage).isTrue();
            assertThat(seen.pause()).as(garbage).isEmpty();
        }
        assertThat(read(200, Map.of("x-ratelimit-remaining", "NaN")).overLimit()).isFalse();
        // A date in the past or a negative count means "now"; an absurdly long one is cut by the caller's cap.
        assertThat(read(429, Map.of("Retry-After", "-5", "x-ratelimit-remaining", "0")).pause())
                .contains(Duration.ZERO);
        assertThat(read(429, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", "9".repeat(40))).pause()
                .orElseThrow()).isGreaterThan(Duration.ofDays(365));
    }
}
