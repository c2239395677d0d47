package dev.numbers.connector.account;

import dev.numbers.connector.ratelimit.SharedRateLimit;
import dev.numbers.connector.ratelimit.SharedRateLimits;
import jakarta.inject.Singleton;

/**
 * The one place that gives an account its rate limit: every call of one account, whatever its operation, waits for
 * the same limit, accounts never share one (their limits are their own), and an account's limit is for the whole
 * consumer group, each instance pacing its share ({@link SharedRateLimits}).
 */
@Singleton
public final class AccountLimiters {

    private final SharedRateLimits shared;

    public AccountLimiters(final SharedRateLimits shared) {
        this.shared = shared;
    }

    public SharedRateLimit limiter(final ProviderAccount account) {
        return shared.forAccount(account.provider(), account.name(), account.requestsPerSecond());
    }
}
