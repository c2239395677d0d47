package dev.numbers.connector.executor;

import dev.numbers.connector.outcome.Outcome;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the one result of a request from its outcome, and counts and logs it: {@code connector.requests} by
 * operation and outcome, {@code connector.outcome.unknown} by provider.
 */
final class Results {

    /** Under the executor's name: operators filter one logger for the line every request ends with. */
    private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);
    /** Results with an {@code outcome_unknown} error: a call may have been performed and no lookup could tell. */
    static final String OUTCOME_UNKNOWN = "connector.outcome.unknown";

    private final MeterRegistry meters;
    private final Clock clock;

    Results(final MeterRegistry meters, final Clock clock) {
        this.meters = meters;
        this.clock = clock;
        // From start-up at 0, so an alert on the increase also sees the first one.
        for (final var provider : Provider.values()) {
            meters.counter(OUTCOME_UNKNOWN, "provider", provider.name());
        }
    }

    /** The result of {@code request}, answered through {@code account} (null when none was chosen). */
    NumberResult of(final NumberRequest request, final Provider provider, final OperationType type,
                    final String account, final Outcome outcome, final Instant startedAt) {
        final var builder = NumberResult.newBuilder()
                .setRequestId(request.getRequestId())
                .setProvider(provider)
                .setOperation(type)
                .setProviderPayload(outcome.providerPayload())
                .setAttempts(outcome.attempts())
                .setStartedAt(startedAt)
                .setFinishedAt(clock.instant())
                .setReconciled(outcome instanceof Outcome.Succeeded done && done.reconciled())
                .setTenant(request.getTenant())
                .setCorrelationId(request.getCorrelationId())
                .setAccount(account);
        switch (outcome) {
            case Outcome.Succeeded s -> builder.setStatus(ResultStatus.SUCCEEDED).setResource(s.resource())
                    .setConfiguration(s.configuration() == null ? null : s.configuration().result())
                    .setErrors(s.configuration() == null ? List.of() : s.configuration().errors());
            case Outcome.Rejected r -> builder.setStatus(ResultStatus.REJECTED).setResource(null).setErrors(r.errors());
            case Outcome.Failed f ->
                    builder.setStatus(ResultStatus.FAILED).setResource(f.partial()).setErrors(f.errors());
        }
        final var result = builder.build();
        meters.counter("connector.requests", "operation", type.name(), "outcome", result.getStatus().name())
                .increment();
        if (result.getErrors().stream().anyMatch(e -> "outcome_unknown".contentEquals(e.getCode()))) {
            meters.counter(OUTCOME_UNKNOWN, "provider", provider.name()).increment();
        }
        LOG.info("request {} {} via {}{}: {}{} after {} call(s){}", request.getRequestId(), type, provider,
                account == null ? "" : "/" + account,
                result.getStatus(), result.getReconciled() ? " (found at the provider)" : "", outcome.attempts(),
                result.getErrors().isEmpty() ? "" : " " + result.getErrors().stream()
                        .map(e -> e.getCode() + (e.getField() == null ? "" : "@" + e.getField())).toList());
        return result;
    }
}
