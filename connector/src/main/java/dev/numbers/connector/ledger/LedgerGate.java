package dev.numbers.connector.ledger;

import dev.numbers.connector.RequestExecutor;
import dev.numbers.connector.provider.CallPermit;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.PriorAttempts;
import dev.numbers.connector.validation.RequestValidator;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, per request record, from the ledger: answer again from a stored result, finish a record answered
 * before a restart, or claim the request_id ({@link Claims}) and execute, telling the provider call whether an
 * earlier run may already have performed it. {@code stopping} is true once the connector stops or the record's
 * partition is no longer this member's at the epoch it was dispatched with; it is asked before STARTED is written and
 * before every provider call that changes something ({@link CallPermit}).
 */
public final class LedgerGate {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerGate.class);

    private final IntentLedger ledger;
    private final Claims claims;
    private final RequestExecutor executor;
    private final MeterRegistry meters;
    private final Clock clock;

    public LedgerGate(final IntentLedger ledger, final Claims claims, final RequestExecutor executor,
                      final MeterRegistry meters, final Clock clock) {
        this.ledger = ledger;
        this.claims = claims;
        this.executor = executor;
        this.meters = meters;
        this.clock = clock;
    }

    public Execution pass(final NumberRequest request, final RecordRef source, final BooleanSupplier stopping) {
        while (true) {
            final var decided = once(request, source, stopping);
            if (decided.isPresent()) {
                return decided.get();
            }
            // The claim lapsed between two provider calls and another claimer may have run meanwhile: claim again
            // from the start, looking the request up at the provider before any new call.
            meters.counter("connector.claims", "outcome", "lapsed").increment();
        }
    }

    private Optional<Execution> once(final NumberRequest request, final RecordRef source,
                                     final BooleanSupplier stopping) {
        final var id = request.getRequestId();
        final var known = ledger.lookup(id);
        if (known.isPresent() && known.get() instanceof LedgerEntry.Completed done) {
            if (done.source().filter(source::equals).isPresent()) {
                meters.counter("connector.ledger.answers", "kind", "redelivered").increment();
                LOG.info("request {} at {}-{}@{} was answered before the restart; not publishing it again", id,
                        source.topic(), source.partition(), source.offset());
                return Optional.of(new Execution.AlreadyAnswered());
            }
            return Optional.of(replayed(done));
        }
        if (known.isEmpty() && ledger.stale(request)) {
            // Older than the dedupe window: its entry may have expired, so running it could buy a second time.
            meters.counter("connector.ledger.stale").increment();
            LOG.warn("request {} was requested at {}, outside the dedupe window; rejected stale_request", id,
                    request.getRequestedAt());
            return Optional.of(new Execution.Executed(executor.answer(request, new Outcome.Rejected(List.of(
                    RequestValidator.error("stale_request", "Stale request", "requested_at is older than the"
                            + " connector's dedupe window (connector.ledger.dedupe-window); a retry must be sent"
                            + " within the window", "requested_at")), null, 0)), 1));
        }
        // Anything not COMPLETED here is STARTED: a run began and left no result.
        final var started = known.map(LedgerEntry.Started.class::cast);
        final var prior = started.map(s -> new PriorAttempts(true, s.since(), s.candidate()))
                .orElseGet(() -> PriorAttempts.none(clock.instant()));
        final int attempt = started.map(s -> s.attempt() + 1).orElse(1);
        if (prior.mayHaveRun()) {
            meters.counter("connector.ledger.answers", "kind", "resumed").increment();
            LOG.info("request {} was started before (attempt {}) without a result; looking it up at the provider"
                    + " before calling again", id, attempt - 1);
        }
        final var claim = new Holder(request, attempt, stopping);
        final Optional<NumberResult> result;
        CallPermit.CURRENT.set(claim::permit);
        try {
            result = executor.execute(request, () -> claim.first(prior),
                    candidate -> claim.recordCandidate(prior, candidate), stopping);
        } finally {
            CallPermit.CURRENT.remove();
        }
        if (result.isPresent()) {
            return Optional.of(new Execution.Executed(result.get(), attempt));
        }
        if (claim.answered != null) {
            return Optional.of(replayed(claim.answered));
        }
        if (stopping.getAsBoolean() || !claim.lapsed) {
            return Optional.of(new Execution.Abandoned());
        }
        return Optional.empty();
    }

    private Execution replayed(final LedgerEntry.Completed done) {
        meters.counter("connector.ledger.answers", "kind", "duplicate").increment();
        final var stored = ledger.result(done);
        LOG.info("request {} was completed before ({}); answering the duplicate from the ledger",
                stored.getRequestId(), stored.getStatus());
        return new Execution.Replayed(stored);
    }

    /** One execution's claim: taken right before the first provider call, renewed before later ones. */
    private final class Holder {
        private final NumberRequest request;
        private final int attempt;
        private final BooleanSupplier stopping;
        private Instant leaseUntil;
        private LedgerEntry.Completed answered;
        private boolean lapsed;

        Holder(final NumberRequest request, final int attempt, final BooleanSupplier stopping) {
            this.request = request;
            this.attempt = attempt;
            this.stopping = stopping;
        }

        Optional<PriorAttempts> first(final PriorAttempts prior) {
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
        boolean recordCandidate(final PriorAttempts prior, final String candidate) {
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
         * Before every provider call that changes something: still ours? Renews the claim when half its lease is gone.
         */
        void permit() {
            if (stopping.getAsBoolean()) {
                throw new CallPermit.Revoked("the connector is stopping or the request's partition moved");
            }
            if (leaseUntil == null || !claims.dueForRenewal(leaseUntil)) {
                return;
            }
            switch (claims.claim(request, attempt, new PriorAttempts(true, clock.instant()), stopping)) {
                case Claims.Decision.Run run when !run.othersBefore() -> leaseUntil = run.leaseUntil();
                case Claims.Decision.Run run -> {
                    lapsed = true;
                    throw new CallPermit.Revoked("the claim lapsed and another instance claimed the request meanwhile");
                }
                case Claims.Decision.Answered a -> {
                    answered = a.done();
                    throw new CallPermit.Revoked("another instance answered the request");
                }
                case Claims.Decision.Stopped s ->
                        throw new CallPermit.Revoked("the connector is stopping or the request's partition moved");
            }
        }
    }
}
