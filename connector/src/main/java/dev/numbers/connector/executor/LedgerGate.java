package dev.numbers.connector.executor;

import dev.numbers.connector.ledger.Claims;
import dev.numbers.connector.ledger.LedgerEntry;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.connector.ledger.RequestClaim;
import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, per request record, from the ledger: answer again from a stored result, finish a record answered before
 * a restart, reject a request too old to deduplicate, or run it under a claim on its request_id, telling the
 * provider call whether an earlier run may already have performed it. It decides only; {@link RequestPath} acts.
 */
public final class LedgerGate {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerGate.class);

    /** Opens a run's claim on a request_id ({@link Claims} in production). */
    @FunctionalInterface
    public interface Claiming {
        RunClaim claim(NumberRequest request, int attempt, PriorAttempts prior, BooleanSupplier stopping);

        /** Claims through the ledger's claim writer. */
        static Claiming of(final Claims claims, final Clock clock) {
            return (request, attempt, prior, stopping) -> RunClaim.of(new RequestClaim(claims, clock, request,
                    attempt, stopping), prior);
        }
    }

    private final LedgerView ledger;
    private final Claiming claims;
    private final MeterRegistry meters;
    private final Clock clock;

    public LedgerGate(final LedgerView ledger, final Claiming claims, final MeterRegistry meters, final Clock clock) {
        this.ledger = ledger;
        this.claims = claims;
        this.meters = meters;
        this.clock = clock;
    }

    /** {@code stopping} is true once the connector stops or the record's partition moved on; the claim asks it. */
    public Decision decide(final NumberRequest request, final RecordRef source, final BooleanSupplier stopping) {
        final var id = request.getRequestId();
        final var known = ledger.lookup(id);
        if (known.isPresent() && known.get() instanceof LedgerEntry.Completed done) {
            if (done.source().filter(source::equals).isPresent()) {
                if (done.result() instanceof LedgerEntry.StoredResult.Unpublished unpublished) {
                    meters.counter("connector.ledger.answers", "kind", "unpublished").increment();
                    LOG.info("request {} at {}-{}@{} finished here before its partition moved and was not published;"
                            + " publishing its result now", id, source.topic(), source.partition(), source.offset());
                    final Optional<RunClaim> claim = ledger.stale(request) ? Optional.empty()
                            : Optional.of(claims.claim(request, done.attempt(),
                                    PriorAttempts.none(clock.instant()), stopping));
                    return new Decision.Unpublished(unpublished.result(), done.attempt(), unpublished.settlements(),
                            claim);
                }
                meters.counter("connector.ledger.answers", "kind", "redelivered").increment();
                LOG.info("request {} at {}-{}@{} was answered before the restart; not publishing it again", id,
                        source.topic(), source.partition(), source.offset());
                return new Decision.AlreadyAnswered();
            }
            if (done.result() instanceof LedgerEntry.StoredResult.Unpublished) {
                // Replaying it could answer a result that is never committed (the record that produced it may be
                // dropped with its partition and run again elsewhere, to another outcome).
                meters.counter("connector.ledger.answers", "kind", "unsettled").increment();
                return new Decision.Unsettled();
            }
            return new Decision.Replay(replayed(done));
        }
        if (known.isEmpty() && ledger.stale(request)) {
            // Older than the dedupe window: its entry may have expired, so running it could buy a second time.
            meters.counter("connector.ledger.stale").increment();
            LOG.warn("request {} was requested at {}, outside the dedupe window; rejected stale_request", id,
                    request.getRequestedAt());
            return new Decision.Stale();
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
        return new Decision.Run(claims.claim(request, attempt, prior, stopping), prior, attempt);
    }

    /** The stored result of a request another run completed, answered again. */
    public NumberResult replayed(final LedgerEntry.Completed done) {
        meters.counter("connector.ledger.answers", "kind", "duplicate").increment();
        final var stored = ledger.result(done);
        LOG.info("request {} was completed before ({}); answering the duplicate from the ledger",
                stored.getRequestId(), stored.getStatus());
        return stored;
    }
}
