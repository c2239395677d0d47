package dev.numbers.connector.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTest {

    private static final Instant STARTED = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant NOW = STARTED.plusSeconds(3);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Results results = new Results(meters, Clock.fixed(NOW, ZoneOffset.UTC));

    private static NumberRequest request() {
        return NumberRequest.newBuilder().setRequestId("r-7").setRequestedAt(STARTED).setTenant("acme")
                .setCorrelationId("c-1").setOperation(TelnyxCreateNumberOrder.newBuilder().setPhoneNumbers(List.of())
                        .build()).build();
    }

    @Test
    void outcomeUnknownCountersStartAtZeroForEveryProvider() {
        for (final var provider : Provider.values()) {
            assertThat(meters.get(Results.OUTCOME_UNKNOWN).tag("provider", provider.name()).counter().count())
                    .isZero();
        }
    }

    @Test
    void aFailedOutcomeUnknownIsAnsweredFailedAndCountedForItsProvider() {
        final var outcome = new Outcome.Failed(List.of(Errors.of("outcome_unknown", "Outcome unknown", "d", null),
                Errors.of("unreachable", "No answer", "timeout", null)), "{}", 3);

        final var result = results.of(request(), Provider.TELNYX, OperationType.TELNYX_CREATE_NUMBER_ORDER, "blue",
                outcome, STARTED);

        assertThat(result.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(result.getAttempts()).isEqualTo(3);
        assertThat(result.getAccount()).isEqualTo("blue");
        assertThat(result.getTenant()).isEqualTo("acme");
        assertThat(result.getCorrelationId()).isEqualTo("c-1");
        assertThat(result.getStartedAt()).isEqualTo(STARTED);
        assertThat(result.getFinishedAt()).isEqualTo(NOW);
        assertThat(meters.get(Results.OUTCOME_UNKNOWN).tag("provider", "TELNYX").counter().count()).isEqualTo(1);
        assertThat(meters.get(Results.OUTCOME_UNKNOWN).tag("provider", "SIGNALWIRE").counter().count()).isZero();
        assertThat(meters.get("connector.requests").tag("operation", "TELNYX_CREATE_NUMBER_ORDER")
                .tag("outcome", "FAILED").counter().count()).isEqualTo(1);
    }

    @Test
    void aRejectedOutcomeKeepsItsErrorsAndNoResource() {
        final var outcome = new Outcome.Rejected(List.of(Errors.of("invalid_e164", "Invalid", "x", "operation.number")),
                "{\"errors\":[]}", 1);

        final var result = results.of(request(), Provider.SIGNALWIRE, OperationType.PURCHASE_PHONE_NUMBER, null,
                outcome, STARTED);

        assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(result.getResource()).isNull();
        assertThat(result.getErrors()).extracting(e -> e.getCode().toString()).containsExactly("invalid_e164");
        assertThat(result.getProviderPayload()).isEqualTo("{\"errors\":[]}");
        assertThat(meters.get(Results.OUTCOME_UNKNOWN).tag("provider", "SIGNALWIRE").counter().count()).isZero();
    }
}
