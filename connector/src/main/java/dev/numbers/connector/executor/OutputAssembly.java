package dev.numbers.connector.executor;

import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.connector.validation.ResultBounds;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request's result into the records Kafka accepts: the result cut to its limits (or the compact
 * result_too_large when still too large), its COMPLETED intent within the same size, and the quota records.
 */
final class OutputAssembly {

    private static final Logger LOG = LoggerFactory.getLogger(OutputAssembly.class);

    private final ResultBounds bounds;
    private final ResultRecords records;
    private final LedgerView ledger;
    private final MeterRegistry meters;

    OutputAssembly(final ResultBounds bounds, final ResultRecords records, final LedgerView ledger,
                   final MeterRegistry meters) {
        this.bounds = bounds;
        this.records = records;
        this.ledger = ledger;
        this.meters = meters;
    }

    /** A run's result with its COMPLETED intent and {@code settled} (computed from the result as executed). */
    Outputs.Ran ran(final NumberRequest request, final NumberResult executed, final int attempt,
                    final RecordRef source, final List<ProducerRecord<byte[], byte[]>> settled) {
        var result = fitting(executed);
        var intent = ledger.completed(request, result, attempt, source, settled);
        if (intent.value().length > bounds.maxResultBytes()) {
            result = tooLarge(result, intent.value().length);
            intent = ledger.completed(request, result, attempt, source, settled);
        }
        final var published = result;
        return new Outputs.Ran(records.result(result), intent, settled, () -> {
            // A compact result_too_large still bought what it bought: the same quota records go with it.
            final var compact = tooLarge(published, -1);
            return new Outputs.Ran(records.result(compact), ledger.completed(request, compact, attempt, source,
                    settled),
                    settled, null);
        });
    }

    /** A result published without a COMPLETED intent of this run (a replay, a refusal before the ledger). */
    Outputs.Answered answered(final NumberResult result) {
        final var fitting = fitting(result);
        return new Outputs.Answered(List.of(records.result(fitting)),
                () -> List.of(records.result(tooLarge(fitting, -1))));
    }

    /** The result cut to its limits, or the compact result_too_large when its encoding is still too large. */
    private NumberResult fitting(final NumberResult result) {
        final var bounded = bounds.bounded(result);
        final int size = records.size(bounded);
        return size > bounds.maxResultBytes() ? tooLarge(bounded, size) : bounded;
    }

    private NumberResult tooLarge(final NumberResult result, final int size) {
        meters.counter("connector.results.too_large").increment();
        LOG.warn("result of request {} {}; publishing FAILED result_too_large instead", result.getRequestId(),
                size < 0 ? "was refused by Kafka as too large" : "is " + size
                        + " bytes, over connector.limits.max-result-bytes");
        return bounds.tooLarge(result, size);
    }
}
