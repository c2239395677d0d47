package dev.numbers.connector.executor;

import dev.numbers.connector.ledger.LedgerEntry;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.connector.observe.MessageFreeTrace;
import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.quota.Quotas;
import dev.numbers.connector.validation.RequestBounds;
import dev.numbers.connector.validation.ResultBounds;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One decoded request → its outputs, top to bottom: its bounds, the ledger's {@link Decision}, the execution under
 * the run's claim (account, claim, quota, provider), and the records to publish ({@link Outputs}). Nothing thrown on
 * this path escapes: it ends as a FAILED {@code internal_error} result (the exception's class only, never its text or
 * stack), so the record always finishes and frees its slot and its partition's offset.
 */
public final class RequestPath {

    private static final Logger LOG = LoggerFactory.getLogger(RequestPath.class);
    private static final Duration PAUSED_CHECK = Duration.ofMillis(500);
    /** Between two looks at a completion of the same request_id whose transaction is not decided yet. */
    private static final Duration UNSETTLED_CHECK = Duration.ofMillis(50);

    /** Shown on /health while results cannot be serialized (the schema registry is out). */
    public interface ResultsHealth {
        void up();

        void down(String reason);
    }

    /**
     * Waits between tries (a registry outage, a paused account); false when interrupted. Time comes in here, so a
     * test need not sleep.
     */
    @FunctionalInterface
    public interface Pause {
        boolean pause(Duration wait);
    }

    /** The decisions and actions the path is made of. */
    public record Steps(RequestBounds bounds, LedgerGate gate, RequestExecutor executor, LedgerView ledger,
                        QuotaDesk quotas) {
    }

    /** How results become records Kafka accepts, and how waits (a registry outage, a paused account) pass. */
    public record Publishing(ResultBounds bounds, ResultRecords records, ResultsHealth health, Pause pause,
                             Duration maxBackoff) {
    }

    /** How a run under a claim ended. */
    private sealed interface Ran {
        record Result(NumberResult result) implements Ran {
        }

        record AnsweredElsewhere(LedgerEntry.Completed done) implements Ran {
        }

        /** Stopping, or the partition moved: nothing to publish, the request runs again later. */
        record Abandoned() implements Ran {
        }

        /** The claim lapsed between two provider calls and another claimer may have run meanwhile. */
        record Lapsed() implements Ran {
        }
    }

    private final Steps steps;
    private final Publishing publishing;
    private final OutputAssembly assembly;
    private final MeterRegistry meters;

    public RequestPath(final Steps steps, final Publishing publishing, final MeterRegistry meters) {
        this.steps = steps;
        this.publishing = publishing;
        this.assembly = new OutputAssembly(publishing.bounds(), publishing.records(), steps.ledger(), meters);
        this.meters = meters;
    }

    /** Empty when nothing may be published: the request was abandoned or the connector stopped first. */
    public Optional<Outputs> handle(final NumberRequest request, final int encodedBytes, final RecordRef source,
                                    final BooleanSupplier stopping) {
        try {
            final var problems = steps.bounds().problems(request, encodedBytes);
            if (!problems.isEmpty()) {
                meters.counter("connector.requests.out_of_bounds", "code", problems.get(0).getCode().toString())
                        .increment();
                // Refused before the ledger: no STARTED, no COMPLETED holding an oversized request.
                final var rejected = steps.executor().answer(request, new Outcome.Rejected(problems, null, 0));
                return publishable(() -> assembly.answered(rejected), stopping);
            }
            while (true) {
                final var decision = steps.gate().decide(request, source, stopping);
                switch (decision) {
                    case Decision.Replay replay -> {
                        return publishable(() -> assembly.answered(replay.stored()), stopping);
                    }
                    case Decision.AlreadyAnswered answered -> {
                        return Optional.of(Outputs.Answered.nothing());
                    }
                    case Decision.Unpublished unpublished -> {
                        if (republished(request, unpublished, source, stopping) instanceof Republish.Done done) {
                            return done.outputs();
                        }
                        // Another member claimed it while the partition was away, or it left the dedupe window:
                        // decide again from the ledger's committed view (a run looks the request up first).
                        meters.counter("connector.ledger.answers", "kind", "unpublished_taken_over").increment();
                    }
                    case Decision.Unsettled unsettled -> {
                        if (stopping.getAsBoolean() || !publishing.pause().pause(UNSETTLED_CHECK)) {
                            return Optional.empty();
                        }
                    }
                    case Decision.Stale stale -> {
                        return ran(request, stale(request), 1, source, stopping);
                    }
                    case Decision.Run run -> {
                        switch (execute(request, run, stopping)) {
                            case Ran.Result done -> {
                                return ran(request, done.result(), run.attempt(), source, stopping);
                            }
                            case Ran.AnsweredElsewhere elsewhere -> {
                                final var stored = steps.gate().replayed(elsewhere.done());
                                return publishable(() -> assembly.answered(stored), stopping);
                            }
                            case Ran.Abandoned abandoned -> {
                                return Optional.empty();
                            }
                            case Ran.Lapsed lapsed ->
                                // Another claimer may have run meanwhile: decide again from the start, looking the
                                // request up at the provider before any new call.
                                meters.counter("connector.claims", "outcome", "lapsed").increment();
                        }
                    }
                }
            }
        } catch (RuntimeException bug) {
            return internalError(request, bug, stopping);
        }
    }

    /**
     * This record's own result, finished before its partition moved and never published, published under a fresh
     * claim: another member may have taken the request over meanwhile (the claim waits for it, or answers from its
     * committed result). The undecided completion is forgotten first, so neither the claim nor a repeat answers from
     * it; stopped before the claim decides, the record runs again later and looks the purchase up first.
     */
    private Republish republished(final NumberRequest request, final Decision.Unpublished unpublished,
                                  final RecordRef source, final BooleanSupplier stopping) {
        steps.ledger().forget(request.getRequestId().toString());
        if (unpublished.claim().isEmpty()) {
            return new Republish.Again();
        }
        final var claim = unpublished.claim().get();
        final var taken = claim.take();
        if (taken.isPresent() && !taken.get().mayHaveRun()) {
            // Nobody else claimed it since: with the quota records of the run that produced it (admission spent).
            return new Republish.Done(publishable(() -> assembly.ran(request, unpublished.result(),
                    unpublished.attempt(), source, unpublished.settlements()), stopping));
        }
        if (taken.isPresent()) {
            // Another claimant's claim stands between that run and this claim: it may have called the provider
            // since, so that result may no longer be what happened.
            return new Republish.Again();
        }
        if (claim.answered().isPresent()) {
            meters.counter("connector.ledger.answers", "kind", "unpublished_answered_elsewhere").increment();
            final var stored = steps.gate().replayed(claim.answered().get());
            return new Republish.Done(publishable(() -> assembly.answered(stored), stopping));
        }
        return new Republish.Done(Optional.empty());
    }

    /** What became of a result republished under a fresh claim. */
    private sealed interface Republish {
        record Done(Optional<Outputs> outputs) implements Republish {
        }

        record Again() implements Republish {
        }
    }

    /** Account, claim, quota, provider: the claim is taken right before the first call that may change something. */
    private Ran execute(final NumberRequest request, final Decision.Run run, final BooleanSupplier stopping) {
        final var executor = steps.executor();
        final RequestExecutor.Prepared.Ready ready;
        switch (executor.prepare(request)) {
            case RequestExecutor.Prepared.Answer answer -> {
                return new Ran.Result(answer.result());
            }
            case RequestExecutor.Prepared.Ready r -> ready = r;
        }
        final var claim = run.claim();
        final Optional<PriorAttempts> prior = accountServes(ready, stopping) ? claim.take() : Optional.empty();
        if (prior.isPresent()) {
            // Claimed, so this is the request_id's one execution: the tenant's quota is asked right before the
            // provider.
            switch (steps.quotas().admit(request, ready.account().id(), stopping)) {
                case Quotas.Admission.Go go -> {
                    final var result = executor.perform(ready, prior.get(), claim);
                    if (result.isPresent()) {
                        return new Ran.Result(result.get());
                    }
                }
                case Quotas.Admission.Refused refused -> {
                    return new Ran.Result(executor.result(ready, refused.outcome()));
                }
                case Quotas.Admission.Stopped stopped -> {
                    return new Ran.Abandoned();
                }
            }
        }
        if (claim.answered().isPresent()) {
            return new Ran.AnsweredElsewhere(claim.answered().get());
        }
        if (stopping.getAsBoolean() || !claim.lapsed()) {
            return new Ran.Abandoned();
        }
        return new Ran.Lapsed();
    }

    /**
     * Waits while the request's account is paused: only this account waits, the others keep serving while its
     * credentials are fixed. False when stopping first.
     */
    private boolean accountServes(final RequestExecutor.Prepared.Ready ready, final BooleanSupplier stopping) {
        while (steps.executor().paused(ready)) {
            if (stopping.getAsBoolean() || !publishing.pause().pause(PAUSED_CHECK)) {
                return false;
            }
        }
        return true;
    }

    private Optional<Outputs> ran(final NumberRequest request, final NumberResult result, final int attempt,
                                  final RecordRef source, final BooleanSupplier stopping) {
        // Settled from the result as executed: a compact result_too_large still bought what it bought.
        return publishable(() -> assembly.ran(request, result, attempt, source,
                steps.quotas().settled(request, result)), stopping);
    }

    private NumberResult stale(final NumberRequest request) {
        return steps.executor().answer(request, new Outcome.Rejected(List.of(Errors.of("stale_request",
                "Stale request", "requested_at is older than the connector's dedupe window"
                        + " (connector.ledger.dedupe-window); a retry must be sent within the window",
                "requested_at")), null, 0));
    }

    private Optional<Outputs> internalError(final NumberRequest request, final RuntimeException bug,
                                            final BooleanSupplier stopping) {
        // The trace without messages: an exception message may carry a secret or the request's data.
        LOG.error("request {} failed inside the connector ({}); answering FAILED internal_error",
                abbreviated(request), bug.getClass().getSimpleName(), MessageFreeTrace.of(bug));
        meters.counter("connector.requests.internal_errors", "exception", bug.getClass().getSimpleName())
                .increment();
        final var failed = steps.executor().answer(request, new Outcome.Failed(List.of(Errors.of("internal_error",
                "Internal error", "the connector failed on this request (" + bug.getClass().getSimpleName()
                        + "); it was not retried", null)), null, 0));
        return publishable(() -> assembly.answered(failed), stopping);
    }

    /**
     * Builds the records; a registry that cannot serve a schema is waited out with backoff (the provider call is
     * done, its result must not be dropped) and shown on /health meanwhile. Empty when stopping first.
     */
    private Optional<Outputs> publishable(final Supplier<Outputs> build, final BooleanSupplier stopping) {
        var wait = Duration.ofMillis(100);
        while (true) {
            try {
                final var built = build.get();
                publishing.health().up();
                return Optional.of(built);
            } catch (RegistryUnavailableException e) {
                publishing.health().down("results cannot be serialized: " + e.getMessage());
                if (stopping.getAsBoolean() || !publishing.pause().pause(wait)) {
                    return Optional.empty();
                }
                final var doubled = wait.multipliedBy(2);
                wait = doubled.compareTo(publishing.maxBackoff()) > 0 ? publishing.maxBackoff() : doubled;
            }
        }
    }

    private static String abbreviated(final NumberRequest request) {
        final var id = String.valueOf(request.getRequestId());
        return id.length() <= 100 ? id : id.substring(0, 100) + "…";
    }
}
