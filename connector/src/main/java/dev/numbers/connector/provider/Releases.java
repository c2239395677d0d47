package dev.numbers.connector.provider;

import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.schemas.avro.ReleasedResource;

/**
 * Release outcomes. A number is released only where it is held: one the account does not list is REJECTED
 * {@code not_owned} before any write, so nobody is told "released" for a number held at another provider or account.
 * What an earlier attempt of the same request may have removed is the exception: a 404 on a DELETE retried after a
 * lost answer, or a number gone before a resumed run looked, is SUCCEEDED with {@code reconciled = true}.
 */
public final class Releases {

    public static final String PHONE_NUMBER = "phone_number";
    public static final String NUMBER_ASSIGNMENT = "number_assignment";

    private Releases() {
    }

    /** The outcome of the DELETE of {@code id}; {@code number} is put in the resource when known. */
    public static Outcome deleted(final Classifier classifier, final Exchange exchange, final String kind,
                                  final String id, final String number) {
        if (exchange instanceof Exchange.Answered answered && answered.status() == 404) {
            return new Outcome.Succeeded(resource(kind, id, number, true), answered.body(), answered.attempts(), true);
        }
        return classifier.classify(exchange, body -> resource(kind, id, number, false));
    }

    /**
     * The account does not list the number to release ({@code number} or {@code id}, whichever the request named).
     * After an earlier run of this request that recorded its DELETE (the ledger's candidate, {@link #deleting}) and
     * may have lost the answer, that is the release done; otherwise nothing is written and the request is REJECTED
     * {@code not_owned}. An earlier run that only looked (found nothing, then crashed or its transaction aborted)
     * deleted nothing, so its rerun must not call a number held elsewhere, or never held, released.
     */
    public static Outcome notHeld(final PriorAttempts prior, final String number, final String id,
                                  final int attempts) {
        if (prior.mayHaveRun() && prior.candidate() != null) {
            return new Outcome.Succeeded(resource(PHONE_NUMBER, id, number, true), null, attempts, true);
        }
        return number != null ? Configurations.notOwned(number, "operation.number", attempts)
                : Configurations.notOwned(id, "operation.phone_number_id", attempts);
    }

    /**
     * Records in the ledger, before the DELETE goes out, that this request is deleting {@code target} (the number, else
     * the id), so a rerun that finds it gone knows an earlier run may have deleted it; false when the connector stops
     * first (nothing deleted, the request runs again).
     */
    public static boolean deleting(final CallClaim claim, final String number, final String id) {
        return claim.recordCandidate(number != null ? number : id);
    }

    /** Nothing to delete: the account no longer has {@code number}. */
    public static Outcome alreadyGone(final String kind, final String number, final int attempts) {
        return new Outcome.Succeeded(resource(kind, null, number, true), null, attempts, true);
    }

    private static ReleasedResource resource(final String kind, final String id, final String number,
                                             final boolean gone) {
        return ReleasedResource.newBuilder().setKind(kind).setId(id).setNumber(number).setAlreadyGone(gone).build();
    }
}
