package dev.numbers.connector.executor;

import dev.numbers.connector.ledger.LedgerEntry;
import dev.numbers.connector.ledger.RequestClaim;
import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.connector.provider.CallClaim;
import java.util.Optional;

/**
 * One run's claim on its request_id, as the request path holds it: taken right before the first provider call,
 * checked (and renewed) before every post, and asked afterwards how it ended when the run has no result of its own.
 * The ledger's {@link RequestClaim} behind it in production ({@link #of}); an in-memory one in tests.
 */
public interface RunClaim extends CallClaim {

    /** Takes the claim: what earlier runs may have done, or empty when this run must not call the provider. */
    Optional<PriorAttempts> take();

    /** Another run's result, when one answered the request while this claim was taken or renewed. */
    Optional<LedgerEntry.Completed> answered();

    /** The claim lapsed between two provider calls and another claimer may have run meanwhile. */
    boolean lapsed();

    /** The ledger's claim for a run that starts from {@code prior}. */
    static RunClaim of(final RequestClaim claim, final PriorAttempts prior) {
        return new RunClaim() {
            @Override
            public Optional<PriorAttempts> take() {
                return claim.first(prior);
            }

            @Override
            public void check() {
                claim.lost().ifPresent(why -> {
                    throw new Revoked(why);
                });
            }

            @Override
            public boolean recordCandidate(final String number) {
                return claim.recordCandidate(prior, number);
            }

            @Override
            public Optional<LedgerEntry.Completed> answered() {
                return claim.answered();
            }

            @Override
            public boolean lapsed() {
                return claim.lapsed();
            }
        };
    }
}
