package dev.numbers.connector.account;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.Map;

/**
 * How requests find their account and how paused accounts come back (prefix {@code connector.accounts}).
 * {@code tenants} maps a request's tenant to an account name ({@code connector.accounts.tenants.<tenant>=<account>}),
 * used when the request names no account. {@code probeInterval} is how often a paused account (401) is asked a
 * cheap authenticated read with its current credentials; it resumes with the first 2xx.
 *
 * @param probeInterval how often a paused account (401) is probed with its current credentials
 * @param tenants account name per tenant, for requests that name no account
 */
@ConfigurationProperties(AccountsConfig.PREFIX)
public record AccountsConfig(
        @Bindable(defaultValue = "30s") Duration probeInterval,
        @Nullable Map<String, String> tenants) {

    public static final String PREFIX = "connector.accounts";

    public AccountsConfig {
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".probe-interval must be positive");
        }
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }
}
