package dev.numbers.connector.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How instances share an account's limit and back off (prefix {@code connector.rate-limits}); the limit itself is
 * the account's {@code requests-per-second}. {@code lookInterval}: how often the group's backlog is looked at between
 * rebalances (every rebalance looks at once). {@code recoveryPerSecond}: the fraction of the share regained each
 * second after a 429 halved it. {@code maxPause}: the longest Retry-After or reset the connector obeys for the whole
 * account, so a hostile or broken header cannot stop it for hours. {@code headroom}: the fraction of the limit a
 * group of several members leaves unused, because the instances pace independently and a call delayed by a GC pause or
 * a busy core
 * arrives next to the following one, so a provider that counts a sliding second sees a few more calls in some
 * seconds than the average; 5% absorbs delays up to about 50 ms.
 *
 * @param lookInterval how often the group's backlog is looked at between rebalances (every rebalance looks at once)
 * @param recoveryPerSecond the fraction of the share regained each second after a 429 cut it
 * @param maxPause the longest Retry-After or rate-limit reset the connector obeys for the whole account
 * @param headroom the fraction of the limit a group of several members leaves unused for calls that clump
 */
@Context
@ConfigurationProperties(RateLimitConfig.PREFIX)
public record RateLimitConfig(
        @Bindable(defaultValue = "5s") @NotNull Duration lookInterval,
        @Bindable(defaultValue = "0.2") @DecimalMin("0.001") @DecimalMax("1.0") double recoveryPerSecond,
        @Bindable(defaultValue = "60s") @NotNull Duration maxPause,
        @Bindable(defaultValue = "0.05") @DecimalMin("0.0") @DecimalMax("0.5") double headroom) {

    public static final String PREFIX = "connector.rate-limits";

    /** The defaults, for code that builds provider clients without Micronaut. */
    public static RateLimitConfig defaults() {
        return new RateLimitConfig(Duration.ofSeconds(5), 0.2, Duration.ofSeconds(60), 0.05);
    }
}
