package dev.numbers.connector.provider;

import dev.numbers.connector.operation.PriorAttempts;
import java.util.function.Predicate;

/**
 * A purchase answered "already owned" (SignalWire's 422 {@code number_already_owned}) after an earlier attempt of the
 * same request_id may have been performed: that attempt's purchase, performed after its answer was lost or after a
 * lookup that came too early, is the likely owner. Answering REJECTED would tell the user "rejected" for a number
 * billed to them, so the number is looked up in our own account first: found is the purchase, reconciled; not found
 * keeps the refusal; a lookup without an answer leaves the outcome unknown.
 */
public final class OwnedAlready {

    private OwnedAlready() {
    }

    /**
     * {@code conflict} tells an "already owned" answer; {@code prior} and the call's own attempts tell whether an
     * earlier attempt may have bought the number.
     */
    public static Exchange reconcile(final Exchange exchange, final PriorAttempts prior,
                                     final Predicate<Exchange.Answered> conflict, final Reconciliation.Lookup lookup) {
        if (!(exchange instanceof Exchange.Answered answered) || !conflict.test(answered)
                || !(prior.mayHaveRun() || answered.attempts() > 1)) {
            return exchange;
        }
        return switch (lookup.find()) {
            case Reconciliation.Found found -> new Exchange.Reconciled(found.body(), answered.attempts());
            case Reconciliation.NotFound notFound -> exchange;
            case Reconciliation.Undecided undecided -> new Exchange.Ambiguous(exchange, answered.attempts());
        };
    }
}
