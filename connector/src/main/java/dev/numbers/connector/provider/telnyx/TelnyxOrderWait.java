package dev.numbers.connector.provider.telnyx;

import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * A Telnyx number order is answered {@code pending} and completes later. For a search-and-order the connector waits
 * for that completion (polling the order), so an order that ends in {@code failure} - the number went to someone
 * else after the order was accepted - is answered "not available" and the next candidate is tried. A single-number
 * order that failed bought nothing, so trying the next one can never end with two numbers. An order still pending
 * after the wait, or one the connector cannot read, stays the answer as it is: it may still succeed.
 */
final class TelnyxOrderWait {

    static final String NOT_AVAILABLE = "number_not_available";

    private final Duration wait;
    private final Duration poll;

    TelnyxOrderWait(final Duration wait, final Duration poll) {
        this.wait = wait;
        this.poll = poll;
    }

    /**
     * A configuration cannot be applied to the numbers of an order that has not completed (they are not the
     * account's yet): FAILED, so the producer configures them with a configure request once the order succeeded.
     */
    static Outcome notCompleted(final TelnyxNumberOrder order) {
        return new Outcome.Failed(List.of(Errors.of("order_not_completed", "Order not completed",
                "number order " + order.getId() + " is " + order.getStatus() + ", not success, after the wait; "
                        + "configure its numbers once it succeeded", null)), null, 0);
    }

    /** {@code fetch} reads the order by id (GET /v2/number_orders/{id}). */
    Outcome completed(final Outcome placed, final Function<String, Outcome> fetch) {
        if (!(placed instanceof Outcome.Succeeded succeeded)
                || !(succeeded.resource() instanceof TelnyxNumberOrder order)) {
            return placed;
        }
        var current = succeeded;
        var status = order.getStatus();
        int attempts = succeeded.attempts();
        final long deadline = System.nanoTime() + wait.toNanos();
        while ("pending".equals(status) && System.nanoTime() < deadline) {
            try {
                // Polling a remote order: there is no condition in this process to wait on.
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return current;
            }
            final var fetched = fetch.apply(order.getId());
            attempts += fetched.attempts();
            if (!(fetched instanceof Outcome.Succeeded read) || !(read.resource() instanceof TelnyxNumberOrder now)) {
                return current;
            }
            current = new Outcome.Succeeded(now, read.providerPayload(), attempts, succeeded.reconciled());
            status = now.getStatus();
        }
        if ("failure".equals(status)) {
            return new Outcome.Rejected(List.of(Errors.of(NOT_AVAILABLE, "Number not available",
                    "number order " + order.getId() + " ended in failure: the number is not available any more",
                    "phone_number")), current.providerPayload(), attempts);
        }
        return current;
    }
}
