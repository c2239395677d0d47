package dev.numbers.connector.ledger;

import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.schemas.avro.NumberRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One execution's claim on its request_id ({@link Claims}): taken right before the first provider call, renewed
 * before later ones. It remembers how it ended when it did not end in a result of its own: answered by another run
 * ({@link #answered}), or lapsed while another claimer may have run ({@link #lapsed}).
 */
public final class RequestClaim {

    private final Claims claims;
    private final Clock clock;
    private final NumberRequest request;
    private final int attempt;
    private final BooleanSupplier stopping;
    private Instant leaseUntil;
    private LedgerEntry.Completed answered;
    private boolean lapsed;

    public RequestClaim(final Claims claims, final Clock clock, final NumberRequest request, final int attempt,
                        final BooleanSupplier stopping) {
        this.claims = claims;
        this.clock = clock;
        this.request = request;
        this.attempt = attempt;
        this.stopping = stopping;
    }

    /** The claim before the first provider call: what earlier runs may have done, or empty when it must not run. */
    public Optional<PriorAttempts> first(final PriorAttempts prior) {
        return switch (claims.claim(request, attempt, prior, stopping)) {
            case Claims.Decision.Run run -> {
                leaseUntil = run.leaseUntil();
                yield Optional.of(run.prior());
            }
            case Claims.Decision.Answered a -> {
                answered = a.done();
                yield Optional.empty();
            }
            case Claims.Decision.Stopped s -> Optional.empty();
        };
    }

    /** The candidate about to be bought, recorded; false (nothing bought) when answered or stopping first. */
    public boolean recordCandidate(final PriorAttempts prior, final String candidate) {
        return switch (claims.recordCandidate(request, attempt, prior.since(), candidate, stopping)) {
            case FencedClaimWriter.Written.Visible v -> true;
            case FencedClaimWriter.Written.Answered a -> {
                answered = a.done();
                yield false;
            }
            case FencedClaimWriter.Written.Stopped s -> false;
        };
    }

    /**
     * Before every provider call that changes something: empty while the claim is still ours (renewed when half its
     * lease is gone), else why the call must not go out.
     */
    public Optional<String> lost() {
        if (stopping.getAsBoolean()) {
            return Optional.of("the connector is stopping or the request's partition moved");
        }
        if (leaseUntil == null || !claims.dueForRenewal(leaseUntil)) {
            return Optional.empty();
        }
        return switch (claims.claim(request, attempt, new PriorAttempts(true, clock.instant()), stopping)) {
            case Claims.Decision.Run run when !run.othersBefore() -> {
                leaseUntil = run.leaseUntil();
                yield Optional.empty();
            }
            case Claims.Decision.Run run -> {
                lapsed = true;
                yield Optional.of("the claim lapsed and another instance claimed the request meanwhile");
            }
            case Claims.Decision.Answered a -> {
                answered = a.done();
                yield Optional.of("another instance answered the request");
            }
            case Claims.Decision.Stopped s -> Optional.of("the connector is stopping or the request's partition moved");
        };
    }

    /** Another run's result, when one answered the request while this claim was taken or renewed. */
    public Optional<LedgerEntry.Completed> answered() {
        return Optional.ofNullable(answered);
    }

    /** The claim lapsed between two provider calls and another claimer may have run meanwhile. */
    public boolean lapsed() {
        return lapsed;
    }
}
