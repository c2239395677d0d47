package dev.numbers.connector.account;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The one place that makes an account's rate limiter: every call of one account, whatever its operation, waits for
 * the same limiter, and accounts never share one (their limits are their own). Swap the limiter for a shared one
 * here and every client gets it.
 */
@Singleton
public final class AccountLimiters {

    public RateLimiter limiter(final ProviderAccount account) {
        // One permit every 1/rate s rather than rate permits each second: a provider's token bucket with a small
        // burst answers a whole second's permits released at once with 429s.
        return RateLimiter.of(account.provider().name().toLowerCase(java.util.Locale.ROOT) + "-" + account.name(),
                RateLimiterConfig.custom()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofNanos(1_000_000_000L / account.requestsPerSecond()))
                        .timeoutDuration(Duration.ofMinutes(10))
                        .build());
    }
}
