package dev.numbers.connector.operation;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One spelling of a tenant's name wherever it is compared: trimmed and lower-cased, so a producer's {@code "Team-A "}
 * meets the operator's {@code tenant-total.team-a} (and the tenant's account mapping) instead of escaping its limits
 * as a tenant of its own. Configuration keys and request fields go through the same function.
 */
public final class TenantName {

    private TenantName() {
    }

    /** The compared form; null and blank (no tenant) stay null. */
    public static String of(final String tenant) {
        if (tenant == null || tenant.isBlank()) {
            return null;
        }
        return tenant.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * A map keyed by tenant in its compared form; two keys that are one tenant once compared are a configuration
     * error, named by {@code setting}.
     */
    public static <V> Map<String, V> keys(final String setting, final Map<String, V> byTenant) {
        final var normalised = new HashMap<String, V>();
        byTenant.forEach((tenant, value) -> {
            final var name = of(tenant);
            if (name == null || normalised.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException(setting + ": the tenant '" + tenant + "' is named twice (tenant"
                        + " names are compared trimmed and lower-case) or blank");
            }
        });
        return Map.copyOf(normalised);
    }
}
