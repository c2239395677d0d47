package dev.numbers.bridge.confirm;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Asks one provider what became of a pending order and returns each state it did not report yet in the provider's own
 * callback shape, so the topology reads a poll exactly like a webhook (the raw record is marked as a poll).
 * {@link ProviderPolls} picks the poll for an order's provider.
 */
interface ProviderPoll {

    /** A state the provider reports that the bridge has not seen: the raw record to write. */
    record Finding(String objectId, String url, String body) {
    }

    /** The order's state as the provider reports it (null when it could not be read) and what to write. */
    record Result(String orderState, List<Finding> findings) {
    }

    Result poll(PendingOrders.Pending order, Instant now) throws IOException, InterruptedException, UnmappableAnswer;
}
