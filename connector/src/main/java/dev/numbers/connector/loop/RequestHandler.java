package dev.numbers.connector.loop;

import dev.numbers.connector.executor.LedgerGate;
import dev.numbers.connector.executor.RequestExecutor;
import dev.numbers.connector.ledger.Execution;
import dev.numbers.connector.ledger.IntentLedger;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.connector.observe.MessageFreeTrace;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.validation.RequestBounds;
import dev.numbers.connector.validation.ResultBounds;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's path on its worker thread: bounds, ledger gate (which validates and calls the provider), then the
 * records to publish, each within the size Kafka accepts. Nothing thrown on this path escapes: it ends as a FAILED
 * {@code internal_error} result (the exception's class only, never its text or stack), so the record always
 * finishes and frees its slot and its partition's offset.
 */
final class RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    /** What the loop publishes for a request, and the compact records to publish if the broker refuses those. */
    record Outputs(List<ProducerRecord<byte[], byte[]>> records,
                   Supplier<List<ProducerRecord<byte[], byte[]>>> fallback) {
    }

    /** The ledger's decision and execution for one request ({@link LedgerGate#pass}). */
    interface Gate {
        Execution pass(NumberRequest request, RecordRef source, BooleanSupplier stopping);
    }

    /** The COMPLETED intent record for a result ({@link IntentLedger#completed}). */
    interface Intents {
        ProducerRecord<byte[], byte[]> completed(NumberRequest request, NumberResult result, int attempt,
                                                 RecordRef source);
    }

    /** The result for an outcome decided without a provider call ({@link RequestExecutor#answer}). */
    interface Answers {
        NumberResult answer(NumberRequest request, Outcome outcome);
    }

    /**
     * Records that change with a result in its transaction: the quota entry ({@link
     * dev.numbers.connector.quota.Quotas#settled}).
     */
    interface Settlements {
        List<ProducerRecord<byte[], byte[]>> settled(NumberRequest request, NumberResult result);
    }

    /** A request's steps up to its result: its bounds, the ledger gate, and what the result's records are made of. */
    record Steps(RequestBounds bounds, Gate gate, Intents intents, Answers answers, Settlements settlements) {
    }

    /** How a result becomes a record Kafka accepts: its bounds and its encoding. */
    record Publishing(ResultBounds bounds, ResultRecords records) {
    }

    private final RequestBounds bounds;
    private final Gate gate;
    private final Intents ledger;
    private final Answers executor;
    private final ResultBounds resultBounds;
    private final ResultRecords records;
    private final LoopHealth health;
    private final Duration maxBackoff;
    private final MeterRegistry meters;
    private final Settlements settlements;

    RequestHandler(final Steps steps, final Publishing publishing, final LoopServices services) {
        this.bounds = steps.bounds();
        this.gate = steps.gate();
        this.ledger = steps.intents();
        this.executor = steps.answers();
        this.settlements = steps.settlements();
        this.resultBounds = publishing.bounds();
        this.records = publishing.records();
        this.health = services.health();
        this.maxBackoff = services.maxBackoff();
        this.meters = services.meters();
    }

    /** Empty when nothing may be published: the request was abandoned or the connector stopped first. */
    Optional<Outputs> handle(final NumberRequest request, final int encodedBytes,
                                                          final RecordRef source, final BooleanSupplier stopping) {
        NumberResult internal;
        try {
            final var problems = bounds.problems(request, encodedBytes);
            if (!problems.isEmpty()) {
                meters.counter("connector.requests.out_of_bounds", "code", problems.get(0).getCode().toString())
                        .increment();
                // Refused before the ledger: no STARTED, no COMPLETED holding an oversized request.
                final var rejected = executor.answer(request, new Outcome.Rejected(problems, null, 0));
                return publishable(() -> single(fitting(rejected)), stopping);
            }
            final var execution = gate.pass(request, source, stopping);
            return publishable(() -> outputs(request, source, execution), stopping);
        } catch (RuntimeException bug) {
            // The trace without messages: an exception message may carry a secret or the request's data.
            LOG.error("request {} failed inside the connector ({}); answering FAILED internal_error",
                    abbreviated(request), bug.getClass().getSimpleName(), MessageFreeTrace.of(bug));
            meters.counter("connector.requests.internal_errors", "exception", bug.getClass().getSimpleName())
                    .increment();
            internal = executor.answer(request, new Outcome.Failed(List.of(Errors.of("internal_error",
                    "Internal error", "the connector failed on this request (" + bug.getClass().getSimpleName()
                            + "); it was not retried", null)), null, 0));
        }
        final var failed = internal;
        return publishable(() -> single(fitting(failed)), stopping);
    }

    private Outputs outputs(final NumberRequest request, final RecordRef source, final Execution execution) {
        return switch (execution) {
            case Execution.Executed e -> {
                // From the result as executed: a compact result_too_large still bought what it bought.
                final var settled = settlements.settled(request, e.result());
                var result = fitting(e.result());
                var intent = ledger.completed(request, result, e.attempt(), source);
                if (intent.value().length > resultBounds.maxResultBytes()) {
                    result = tooLarge(result, intent.value().length);
                    intent = ledger.completed(request, result, e.attempt(), source);
                }
                final var published = result;
                yield new Outputs(withAll(List.of(records.result(result), intent), settled), () -> {
                    final var compact = tooLarge(published, -1);
                    return withAll(List.of(records.result(compact),
                            ledger.completed(request, compact, e.attempt(), source)), settled);
                });
            }
            case Execution.Replayed r -> single(fitting(r.stored()));
            case Execution.AlreadyAnswered a -> new Outputs(List.of(), List::of);
            case Execution.Abandoned a -> null;
        };
    }

    private static List<ProducerRecord<byte[], byte[]>> withAll(final List<ProducerRecord<byte[], byte[]>> records,
            final List<ProducerRecord<byte[], byte[]>> more) {
        if (more.isEmpty()) {
            return records;
        }
        final var all = new ArrayList<>(records);
        all.addAll(more);
        return List.copyOf(all);
    }

    private Outputs single(final NumberResult result) {
        return new Outputs(List.of(records.result(result)), () -> List.of(records.result(tooLarge(result, -1))));
    }

    /** The result cut to its limits, or the compact result_too_large when its encoding is still too large. */
    private NumberResult fitting(final NumberResult result) {
        final var bounded = resultBounds.bounded(result);
        final int size = records.size(bounded);
        return size > resultBounds.maxResultBytes() ? tooLarge(bounded, size) : bounded;
    }

    private NumberResult tooLarge(final NumberResult result, final int size) {
        meters.counter("connector.results.too_large").increment();
        LOG.warn("result of request {} {}; publishing FAILED result_too_large instead", result.getRequestId(),
                size < 0 ? "was refused by Kafka as too large" : "is " + size
                        + " bytes, over connector.limits.max-result-bytes");
        return resultBounds.tooLarge(result, size);
    }

    /**
     * Builds the records; a registry that cannot serve a schema is waited out with backoff (the provider call is
     * done, its result must not be dropped) and shown on /health meanwhile. Empty when stopping first.
     */
    private Optional<Outputs> publishable(final Supplier<Outputs> build,
            final BooleanSupplier stopping) {
        var wait = Duration.ofMillis(100);
        while (true) {
            try {
                final var built = Optional.ofNullable(build.get());
                health.up(LoopHealth.Check.RESULTS);
                return built;
            } catch (RegistryUnavailableException e) {
                health.down(LoopHealth.Check.RESULTS, "results cannot be serialized: " + e.getMessage());
                if (stopping.getAsBoolean() || !Backoff.pause(wait)) {
                    return Optional.empty();
                }
                wait = Backoff.next(wait, maxBackoff);
            }
        }
    }

    private static String abbreviated(final NumberRequest request) {
        final var id = String.valueOf(request.getRequestId());
        return id.length() <= 100 ? id : id.substring(0, 100) + "…";
    }

    static byte[] key(final NumberResult result) {
        return result.getRequestId().toString().getBytes(StandardCharsets.UTF_8);
    }
}
