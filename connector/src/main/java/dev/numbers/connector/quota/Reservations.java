package dev.numbers.connector.quota;

import java.util.concurrent.CompletableFuture;

/**
 * Where {@link Quotas} asks for its decisions: the {@link QuotaReserver}'s transactional lane in production; the
 * simulation answers them in its own single-threaded world with the same {@link QuotaRule} over the same book.
 */
interface Reservations {

    /** A purchase of {@code count} numbers. */
    CompletableFuture<QuotaReserver.Decision> ask(String tenant, String requestId, int count,
                                                 QuotaConfig.Limits limits);

    /** A release of {@code release}, admitted only while the tenant holds that number there. */
    CompletableFuture<QuotaReserver.Decision> askRelease(String tenant, String requestId, QuotaBook.Holding release,
                                                        QuotaConfig.Limits limits);
}
