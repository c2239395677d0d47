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
 *
 * <p>Idempotent per key: a BOUGHT read again for a purchase already counted (its transaction published twice) counts
 * nothing. A number is held at a provider and account: only a release through the same ones gives it back (a release
 * through another finds nothing there, which says nothing about this one).
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

    /** A number held at {@code account} ("PROVIDER/name"; null when the BOUGHT entry did not record it). */
    record Holding(String account, String number) {
    }

    private static final class Tenant {
        private final Map<LocalDate, Integer> days = new HashMap<>();
        private int total;
        /** The number held, and the purchase (request_id) that bought it. */
        private final Map<Holding, String> held = new HashMap<>();
        /** Purchases counted, with the numbers of each still held: until all are released, a BOUGHT again is a copy. */
        private final Map<String, Set<Holding>> bought = new HashMap<>();

        /** The holding a release through {@code account} gives back: that account's, else one that named none. */
        private Optional<Holding> holding(final String account, final String number) {
            final var exact = new Holding(account, number);
            if (held.containsKey(exact)) {
                return Optional.of(exact);
            }
            final var unnamed = new Holding(null, number);
            return held.containsKey(unnamed) ? Optional.of(unnamed) : Optional.empty();
        }

        private void release(final Holding holding) {
            final var purchase = held.remove(holding);
            total -= 1;
            final var numbers = bought.get(purchase);
            if (numbers != null) {
                numbers.remove(holding);
                if (numbers.isEmpty()) {
                    bought.remove(purchase);
                }
            }
        }

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
                if (tenant.bought.containsKey(entry.getRequestId())) {
                    // The same purchase's entry again (its transaction published a second time): counted already.
                    break;
                }
                if (reserved == null) {
                    tenant.add(entry.getDay(), count);
                } else if (reserved.count() != count) {
                    tenant.add(reserved.day(), count - reserved.count());
                }
                final var holdings = new HashSet<Holding>();
                for (final var number : entry.getNumbers()) {
                    final var holding = new Holding(account(entry), number.toString());
                    holdings.add(holding);
                    tenant.held.put(holding, entry.getRequestId());
                }
                tenant.bought.put(entry.getRequestId(), holdings);
            }
            case RETURNED -> {
                final var reserved = open.remove(key);
                if (reserved != null) {
                    tenant.add(reserved.day(), -reserved.count());
                }
            }
            case RELEASED -> {
                // Only a number this tenant bought (and still holds there) gives one back, and only once.
                open.remove(key);
                for (final var number : entry.getNumbers()) {
                    tenant.holding(account(entry), number.toString()).ifPresent(tenant::release);
                }
            }
        }
        tenant.days.keySet().removeIf(day -> day.isBefore(entry.getDay().minusDays(DAYS_KEPT)));
    }

    /** True when {@code tenant} holds {@code number} at {@code account} (or at one its purchase did not name). */
    synchronized boolean holds(final String tenant, final String account, final String number) {
        final var known = tenants.get(TenantName.of(tenant));
        return known != null && known.holding(account, number).isPresent();
    }

    private static String account(final QuotaEntry entry) {
        return entry.getAccount() == null ? null : entry.getAccount().toString();
    }

    synchronized Counts counts(final String tenant, final LocalDate day) {
        final var known = tenants.get(TenantName.of(tenant));
        return known == null ? new Counts(0, 0) : new Counts(known.days.getOrDefault(day, 0), known.total);
    }

    /** Reserved and not answered yet: a re-execution of it is admitted without counting it again. */
    synchronized boolean reserved(final String tenant, final String requestId) {
        return open.containsKey(new Key(TenantName.of(tenant), requestId));
    }

    /** The day an unanswered reservation is counted in, when there is one. */
    synchronized Optional<LocalDate> reservedOn(final String tenant, final String requestId) {
        return Optional.ofNullable(open.get(new Key(TenantName.of(tenant), requestId))).map(Open::day);
    }

    synchronized int tenantCount() {
        return tenants.size();
    }

    synchronized int openCount() {
        return open.size();
    }
}
