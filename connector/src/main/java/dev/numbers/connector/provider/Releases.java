package dev.numbers.connector.provider;

import dev.numbers.connector.outcome.Outcome;
import dev.numbers.schemas.avro.ReleasedResource;

/**
 * Release outcomes. A release is idempotent by nature: a 404 on DELETE, or a number the account no longer lists, means
 * an earlier attempt (ours or anyone's) already removed it, which is SUCCEEDED with {@code reconciled = true} rather
 * than an error, so a repeated or replayed release never fails.
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

    /** Nothing to delete: the account no longer has {@code number}. */
    public static Outcome alreadyGone(final String kind, final String number, final int attempts) {
        return new Outcome.Succeeded(resource(kind, null, number, true), null, attempts, true);
    }

    private static ReleasedResource resource(final String kind, final String id, final String number,
                                             final boolean gone) {
        return ReleasedResource.newBuilder().setKind(kind).setId(id).setNumber(number).setAlreadyGone(gone).build();
    }
}
