package dev.numbers.connector.ledger;

import dev.numbers.connector.RequestExecutor;
import dev.numbers.connector.provider.PriorAttempts;
import dev.numbers.schemas.avro.NumberRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, per request record, from the ledger: answer again from a stored result, finish a record answered
 * before a restart, or execute, telling the provider call whether a crashed run may already have performed it.
 */
public final class LedgerGate {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerGate.class);

    private final IntentLedger ledger;
    private final RequestExecutor executor;
    private final MeterRegistry meters;
    private final Clock clock;

    public LedgerGate(final IntentLedger ledger, final RequestExecutor executor, final MeterRegistry meters,
                      final Clock clock) {
        this.ledger = ledger;
        this.executor = executor;
        this.meters = meters;
        this.clock = clock;
    }

    public Execution pass(final NumberRequest request, final RecordRef source, final BooleanSupplier stopping) {
        final var id = request.getRequestId();
        final var known = ledger.lookup(id);
        if (known.isPresent() && known.get() instanceof LedgerEntry.Completed done) {
            if (done.source().filter(source::equals).isPresent()) {
                meters.counter("connector.ledger.answers", "kind", "redelivered").increment();
                LOG.info("request {} at {}-{}@{} was answered before the restart; not publishing it again", id,
                        source.topic(), source.partition(), source.offset());
                return new Execution.AlreadyAnswered();
            }
            meters.counter("connector.ledger.answers", "kind", "duplicate").increment();
            final var stored = ledger.result(done);
            LOG.info("request {} was completed before ({}); answering the duplicate from the ledger", id,
                    stored.getStatus());
            return new Execution.Replayed(stored);
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
        final var result = executor.execute(request, prior,
                () -> ledger.started(request, attempt, prior.since(), stopping),
                candidate -> ledger.started(request, attempt, prior.since(), candidate, stopping), stopping);
        return result.<Execution>map(r -> new Execution.Executed(r, attempt)).orElseGet(Execution.Abandoned::new);
    }
}
