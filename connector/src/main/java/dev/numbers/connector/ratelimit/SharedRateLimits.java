package dev.numbers.connector.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.inject.Singleton;
import dev.numbers.schemas.avro.Provider;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place provider account limits are made. An account asked for twice gets the same limit, so every client
 * of one account (purchases, orders, lookups) draws on one budget; the limit is shared with the other instances of
 * the consumer group through {@link GroupWatch}.
 */
@Singleton
public final class SharedRateLimits {

    private final GroupWatch group;
    private final RateLimitConfig config;
    private final MeterRegistry meters;
    private final Map<String, SharedRateLimit> limits = new ConcurrentHashMap<>();

    public SharedRateLimits(final GroupWatch group, final RateLimitConfig config, final MeterRegistry meters) {
        this.group = group;
        this.config = config;
        this.meters = meters;
    }

    private SharedRateLimits(final RateLimitConfig config, final MeterRegistry meters) {
        this.group = null;
        this.config = config;
        this.meters = meters;
    }

    /** Limits that ignore any group: for tools and tests that build provider clients without a request loop. */
    public static SharedRateLimits alone() {
        return new SharedRateLimits(RateLimitConfig.defaults(), new SimpleMeterRegistry());
    }

    /**
     * The limit of {@code account} at {@code provider}: {@code perSecond} for the whole consumer group. The first
     * caller's {@code perSecond} stands for the account.
     */
    public SharedRateLimit forAccount(final Provider provider, final String account, final int perSecond) {
        final var name = provider.name().toLowerCase(Locale.ROOT);
        if (perSecond <= 0) {
            throw new IllegalArgumentException("requests-per-second must be above zero for " + name + "/" + account);
        }
        return limits.computeIfAbsent(name + "/" + account, key -> new SharedRateLimit(name, account,
                perSecond, group, config, meters, Clock.systemUTC()));
    }
}
