package dev.numbers.connector.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.connector.outcome.Errors;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ResultBoundsTest {

    private final ResultBounds bounds = new ResultBounds(RequestLimits.defaults());

    private static NumberResult result(final ResultStatus status) {
        return NumberResult.newBuilder().setRequestId("r-1").setProvider(Provider.SIGNALWIRE)
                .setOperation(OperationType.PURCHASE_PHONE_NUMBER).setStatus(status).setResource(null)
                .setProviderPayload(null).setErrors(List.of()).setAttempts(1).setStartedAt(Instant.EPOCH)
                .setFinishedAt(Instant.EPOCH).setReconciled(false).setTenant(null).setCorrelationId(null).build();
    }

    @Test
    void aHugeProviderBodyIsCutToTheLimit() {
        final var huge = result(ResultStatus.FAILED);
        huge.setProviderPayload("y".repeat(5_000_000));
        final var bounded = bounds.bounded(huge);
        assertThat(bounded.getProviderPayload().length()).isLessThanOrEqualTo(65_536);
        assertThat(bounded.getProviderPayload().toString()).endsWith("[cut]");
    }

    @Test
    void tenThousandErrorsAreListedUpToTheLimitAndCounted() {
        final var many = result(ResultStatus.REJECTED);
        many.setErrors(IntStream.range(0, 10_000).mapToObj(i -> Errors.of("invalid_e164", "Invalid",
                "bad " + i, "operation.phone_numbers[" + i + "]")).toList());
        final var bounded = bounds.bounded(many);
        assertThat(bounded.getErrors()).hasSize(21);
        assertThat(bounded.getErrors().getLast().getCode()).isEqualTo("more_errors");
        assertThat(bounded.getErrors().getLast().getDetail().toString()).startsWith("9980 further");
    }

    @Test
    void aSucceededResultTooLargeBecomesACompactFailedThatSaysItSucceeded() {
        final var big = result(ResultStatus.SUCCEEDED);
        big.setResource(PhoneNumber.newBuilder().setId("p").setNumber("+12025550123").setName("n".repeat(2_000_000))
                .setNumberType("longcode").setCountryCode(null).setCapabilities(List.of()).setCreatedAt(null)
                .setUpdatedAt(null).setNextBilledAt(null).build());
        final var compact = bounds.tooLarge(big, 2_000_100);
        assertThat(compact.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(compact.getResource()).isNull();
        assertThat(compact.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getCode()).isEqualTo("result_too_large");
            assertThat(e.getDetail().toString()).contains("2000100").contains("SUCCEEDED at the provider");
        });
    }
}
