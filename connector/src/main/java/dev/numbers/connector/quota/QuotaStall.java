package dev.numbers.connector.quota;

import java.util.Optional;

/**
 * Reservation transactions aborted in a row. While they keep aborting, every limited tenant's purchases wait before
 * their provider call (nothing is bought, nothing is answered), so after {@code threshold} of them {@code /health}
 * says so with the last cause, and clears at the next commit.
 */
final class QuotaStall {

    private final int threshold;
    private int inARow;
    private String last;

    QuotaStall(final int threshold) {
        this.threshold = threshold;
    }

    synchronized void aborted(final String cause) {
        inARow++;
        last = cause;
    }

    synchronized void committed() {
        inARow = 0;
        last = null;
    }

    synchronized Optional<String> reason() {
        return inARow < threshold ? Optional.empty() : Optional.of(inARow
                + " quota reservation transactions aborted in a row (purchases of limited tenants wait); last: "
                        + last);
    }
}
