package dev.numbers.connector.quota;

import dev.numbers.connector.operation.TenantName;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Per-tenant purchase quotas (prefix {@code connector.quotas}). {@code perDay} and {@code total} are the limits of
 * every tenant; {@code tenantPerDay.<tenant>} and {@code tenantTotal.<tenant>} override them for one tenant (the
 * tenant name compared trimmed and lower-case, {@link TenantName}; dots kept; 0 allows nothing, -1 lifts the default
 * for that tenant). Nothing set:
 * quotas are off and the quotas topic is not used.
 *
 * <p>{@code transactionTimeout} is the reservation producer's transaction.timeout.ms: a writer stalled longer than it
 * is aborted by the broker and cannot commit late; {@code reserveTimeout} (shorter) is how long a reservation waits
 * for the partition's earlier transactions before it gives up and tries again.
 *
 * @param perDay numbers each tenant may buy per UTC day; unset: no limit
 * @param total numbers each tenant may hold; a release of one it bought gives one back; unset: no limit
 * @param tenantPerDay one tenant's daily limit (name as written; 0 allows nothing, -1 lifts the default)
 * @param tenantTotal one tenant's total limit (name as written; 0 allows nothing, -1 lifts the default)
 * @param partitions partitions of the quotas topic when the connector creates it
 * @param replicationFactor its replication factor; -1: the broker's default
 * @param transactionTimeout a reservation transaction older than this is aborted by the broker
 * @param reserveTimeout how long a reservation waits for earlier transactions before it is given up and tried again
 */
@Context
@ConfigurationProperties(QuotaConfig.PREFIX)
public record QuotaConfig(
        @Nullable @Min(0) Integer perDay,
        @Nullable @Min(0) Integer total,
        @MapFormat(transformation = MapFormat.MapTransformation.FLAT, keyFormat = StringConvention.RAW)
        @Nullable Map<String, Integer> tenantPerDay,
        @MapFormat(transformation = MapFormat.MapTransformation.FLAT, keyFormat = StringConvention.RAW)
        @Nullable Map<String, Integer> tenantTotal,
        @Bindable(defaultValue = "6") @Min(1) int partitions,
        @Bindable(defaultValue = "-1") @Min(-1) short replicationFactor,
        @Bindable(defaultValue = "10s") @NotNull Duration transactionTimeout,
        @Bindable(defaultValue = "8s") @NotNull Duration reserveTimeout) {

    public static final String PREFIX = "connector.quotas";
    /** An override that lifts the default limit for one tenant. */
    public static final int UNLIMITED = -1;

    public QuotaConfig {
        tenantPerDay = tenantPerDay == null ? Map.of() : TenantName.keys(PREFIX + ".tenant-per-day", tenantPerDay);
        tenantTotal = tenantTotal == null ? Map.of() : TenantName.keys(PREFIX + ".tenant-total", tenantTotal);
        if (reserveTimeout.compareTo(transactionTimeout) >= 0 || reserveTimeout.isNegative()
                || reserveTimeout.isZero()) {
            throw new IllegalArgumentException("connector.quotas.reserve-timeout (" + reserveTimeout
                    + ") must be positive and shorter than connector.quotas.transaction-timeout ("
                    + transactionTimeout + ")");
        }
        for (final var limit : concat(tenantPerDay, tenantTotal)) {
            if (limit == null || limit < UNLIMITED) {
                throw new IllegalArgumentException("connector.quotas tenant overrides must be -1 (no limit) or more");
            }
        }
    }

    private static Iterable<Integer> concat(final Map<String, Integer> a, final Map<String, Integer> b) {
        return Stream.concat(a.values().stream(), b.values().stream()).toList();
    }

    /** Off when no limit is set anywhere. */
    public boolean enabled() {
        return perDay != null || total != null || !tenantPerDay.isEmpty() || !tenantTotal.isEmpty();
    }

    /** The limits of one tenant; empty when none applies (no tenant, or neither a default nor an override). */
    public Optional<Limits> limits(final String named) {
        final var tenant = TenantName.of(named);
        if (tenant == null) {
            return Optional.empty();
        }
        final var day = limit(tenantPerDay.get(tenant), perDay);
        final var all = limit(tenantTotal.get(tenant), total);
        return day == null && all == null ? Optional.empty() : Optional.of(new Limits(day, all));
    }

    /** Whether the tenant has an override of its own: only such tenants get their own metric tag. */
    public boolean named(final String named) {
        final var tenant = TenantName.of(named);
        return tenant != null && (tenantPerDay.containsKey(tenant) || tenantTotal.containsKey(tenant));
    }

    private static Integer limit(final Integer override, final Integer fallback) {
        if (override != null) {
            return override == UNLIMITED ? null : override;
        }
        return fallback;
    }

    /** A tenant's limits; null means no limit in that window. */
    public record Limits(@Nullable Integer perDay, @Nullable Integer total) {
    }
}
