package dev.numbers.connector.quota;

import java.time.LocalDate;

/**
 * One reservation's decision, made once the book holds every committed entry before it on its partition: the rule
 * alone, without the lane that makes that hold ({@link QuotaReserver}), so the simulation decides with it too.
 */
final class QuotaRule {

    private QuotaRule() {
    }

    /** {@code release}: the number a release gives back and where; null for a purchase of {@code count}. */
    static QuotaReserver.Decision decide(final QuotaBook book, final String tenant, final String requestId,
                                        final int count, final QuotaConfig.Limits limits,
                                        final QuotaBook.Holding release, final LocalDate today) {
        final var earlier = book.reservedOn(tenant, requestId);
        if (earlier.isPresent()) {
            // Counted already by an earlier run of the same request (crash, takeover): admitted, not counted again.
            return new QuotaReserver.Decision.Admitted(earlier.get());
        }
        if (release != null) {
            // A release counts nothing: never refused for a limit, only for a number not held there.
            return book.holds(tenant, release.account(), release.number())
                    ? new QuotaReserver.Decision.Admitted(today) : new QuotaReserver.Decision.NotHeld();
        }
        final var counts = book.counts(tenant, today);
        if (limits.perDay() != null && counts.day() + count > limits.perDay()) {
            return new QuotaReserver.Decision.Refused("day", limits.perDay(), counts.day(), today);
        }
        if (limits.total() != null && counts.total() + count > limits.total()) {
            return new QuotaReserver.Decision.Refused("total", limits.total(), counts.total(), today);
        }
        return new QuotaReserver.Decision.Admitted(today);
    }
}
