package dev.numbers.connector.quota;

import dev.numbers.connector.operation.TenantName;
import dev.numbers.schemas.avro.QuotaEntry;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every tenant's counts, built only from the quotas topic read in offset order, so every instance that has read a
 * partition to the same offset holds the same counts for its tenants. The counts depend on the latest entry per key
 * alone (an entry found without its earlier RESERVED is counted as if it had been there), so a compacted topic
 * gives the same counts as the full history.
 *
 * <p>Heap: per tenant the counts of the last few UTC days (older days can no longer be asked about) and the total,
 * the reservations not answered yet (bounded by requests in flight), and the numbers a tenant still holds (so a
 * release can be checked against its buyer; bounded by the tenants' total limits when those are set).
 */
final class QuotaBook {

    /** Days kept per tenant besides today: answers for a day that just ended may still be read by metrics. */
    private static final int DAYS_KEPT = 2;

    record Counts(int day, int total) {
    }

    private record Key(String tenant, String requestId) {
    }

    private record Open(LocalDate day, int count) {
    }

    private static final class Tenant {
        private final Map<LocalDate, Integer> days = new HashMap<>();
        private int total;
        private final Set<String> held = new HashSet<>();

        private void add(final LocalDate day, final int count) {
            days.merge(day, count, Integer::sum);
            total += count;
        }
    }

    private final Map<String, Tenant> tenants = new HashMap<>();
    private final Map<Key, Open> open = new HashMap<>();

    synchronized void apply(final QuotaEntry entry) {
        // Entries written before tenant names were compared in one form count for the same tenant.
        final var name = TenantName.of(entry.getTenant());
        final var tenant = tenants.computeIfAbsent(name, t -> new Tenant());
        final var key = new Key(name, entry.getRequestId());
        final int count = entry.getNumbersCount();
        switch (entry.getState()) {
            case RESERVED -> {
                // A re-execution of a request already counted (crash, takeover) reserves again: counted once.
                if (open.putIfAbsent(key, new Open(entry.getDay(), count)) == null) {
                    tenant.add(entry.getDay(), count);
                }
            }
            case BOUGHT -> {
                final var reserved = open.remove(key);
                if (reserved == null) {
                    tenant.add(entry.getDay(), count);
                } else if (reserved.count() != count) {
                    tenant.add(reserved.day(), count - reserved.count());
                }
                tenant.held.addAll(entry.getNumbers());
            }
            case RETURNED -> {
                final var reserved = open.remove(key);
                if (reserved != null) {
                    tenant.add(reserved.day(), -reserved.count());
                }
            }
            case RELEASED -> {
                // Only a number this tenant bought (and still holds) gives one back, and only once.
                for (final var number : entry.getNumbers()) {
                    if (tenant.held.remove(number)) {
                        tenant.total -= 1;
                    }
                }
            }
        }
        tenant.days.keySet().removeIf(day -> day.isBefore(entry.getDay().minusDays(DAYS_KEPT)));
    }

    synchronized Counts counts(final String tenant, final LocalDate day) {
        final var known = tenants.get(tenant);
        return known == null ? new Counts(0, 0) : new Counts(known.days.getOrDefault(day, 0), known.total);
    }

    /** Reserved and not answered yet: a re-execution of it is admitted without counting it again. */
    synchronized boolean reserved(final String tenant, final String requestId) {
        return open.containsKey(new Key(tenant, requestId));
    }

    /** The day an unanswered reservation is counted in, when there is one. */
    synchronized Optional<LocalDate> reservedOn(final String tenant, final String requestId) {
        return Optional.ofNullable(open.get(new Key(tenant, requestId))).map(Open::day);
    }

    synchronized int tenantCount() {
        return tenants.size();
    }

    synchronized int openCount() {
        return open.size();
    }
}
