package dev.numbers.connector.executor;

import dev.numbers.connector.ledger.LedgerEntry;
import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.connector.provider.CallClaim;
import dev.numbers.schemas.avro.NumberRequest;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Claims over the {@link InMemoryLedger}: taking one writes STARTED; {@link #answerFirst} makes an earlier live claim
 * of another instance answer the request before ours is taken, {@link #lapseAtCheck} lets a claim lapse (another
 * claimer took over) at a given check before a post, {@link #takeOverNext} makes the next claim take the request over
 * from another instance's earlier claim that ended without a result.
 */
final class InMemoryClaims implements LedgerGate.Claiming {

    private final InMemoryLedger ledger;
    private Optional<LedgerEntry.Completed> earlierAnswer = Optional.empty();
    private int lapseAtCheck;
    private boolean takeOver;
    private int taken;
    private RuntimeException failure;

    InMemoryClaims(final InMemoryLedger ledger) {
        this.ledger = ledger;
    }

    /** The next claim finds an earlier live claim, which answers with {@code done} while ours waits. */
    void answerFirst(final LedgerEntry.Completed done) {
        earlierAnswer = Optional.of(done);
    }

    /** The next claim is taken over from another instance's earlier claim: a run before may have called. */
    void takeOverNext() {
        takeOver = true;
    }

    /** The next claim lapses at its {@code check}-th check before a post (1 = the first). */
    void lapseAtCheck(final int check) {
        lapseAtCheck = check;
    }

    /** The next claim throws {@code failure} (a bug on the request's path). */
    void failNext(final RuntimeException failure) {
        this.failure = failure;
    }

    /** How many claims were taken (STARTED written). */
    int taken() {
        return taken;
    }

    @Override
    public RunClaim claim(final NumberRequest request, final int attempt, final PriorAttempts prior,
                          final BooleanSupplier stopping) {
        if (failure != null) {
            final var thrown = failure;
            failure = null;
            throw thrown;
        }
        final var id = request.getRequestId().toString();
        final var answered = earlierAnswer;
        earlierAnswer = Optional.empty();
        final int lapseAt = lapseAtCheck;
        lapseAtCheck = 0;
        final var standing = takeOver ? new PriorAttempts(true, prior.since(), prior.candidate()) : prior;
        takeOver = false;
        return new RunClaim() {
            private int checks;
            private boolean lapsed;

            @Override
            public Optional<PriorAttempts> take() {
                if (stopping.getAsBoolean() || answered.isPresent()) {
                    return Optional.empty();
                }
                taken++;
                ledger.started(id, new LedgerEntry.Started(attempt, prior.since(), prior.candidate()));
                return Optional.of(standing);
            }

            @Override
            public void check() {
                if (stopping.getAsBoolean()) {
                    throw new CallClaim.Revoked("the request's partition moved");
                }
                if (++checks == lapseAt) {
                    lapsed = true;
                    throw new CallClaim.Revoked("the claim lapsed and another instance claimed the request");
                }
            }

            @Override
            public boolean recordCandidate(final String number) {
                ledger.started(id, new LedgerEntry.Started(attempt, prior.since(), number));
                return !stopping.getAsBoolean();
            }

            @Override
            public Optional<LedgerEntry.Completed> answered() {
                return answered;
            }

            @Override
            public boolean lapsed() {
                return lapsed;
            }
        };
    }
}
