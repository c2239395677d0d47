package dev.numbers.connector.ledger;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What a claim lane asks before it commits a cycle: whether the ledger holds every record of the cycle's request_ids
 * that can ever be committed below the cycle's first STARTED in each intents partition. {@link ClaimFence} answers
 * it on a broker; the lane's unit tests answer it themselves.
 */
interface CycleFence extends AutoCloseable {

    /** {@code firsts}: the cycle's first STARTED offset per intents partition; {@code keys}: its records' keys. */
    ClaimFence.Verdict settled(Map<Integer, Long> firsts, List<byte[]> keys, long deadlineNanos,
                               BooleanSupplier stopping, boolean mayWait);

    /** On the lane's thread, when it stops. */
    @Override
    void close();
}
