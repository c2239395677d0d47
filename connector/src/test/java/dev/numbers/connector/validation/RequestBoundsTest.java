package dev.numbers.connector.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import dev.numbers.schemas.avro.TelnyxOrderPhoneNumber;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequestBoundsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T07:00:00Z");
    private final RequestBounds bounds = new RequestBounds(RequestLimits.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    private static NumberRequest request(final Object operation) {
        return NumberRequest.newBuilder().setRequestId("r-1").setRequestedAt(NOW).setTenant("t")
                .setCorrelationId(null).setOperation(operation).build();
    }

    private static NumberRequest order(final int numbers) {
        return request(SignalWireCreateAssignmentOrder.newBuilder().setCampaignId("c")
                .setPhoneNumbers(Collections.nCopies(numbers, "+12025550123")).setStatusCallbackUrl(null).build());
    }

    @Test
    void aCampaignOrderOfTenThousandNumbersIsRefusedOnceNamingTheFieldAndTheLimit() {
        final var problems = bounds.problems(order(10_000), 150_000);
        assertThat(problems).hasSize(1);
        assertThat(problems.getFirst().getCode()).isEqualTo("too_many_numbers");
        assertThat(problems.getFirst().getField()).isEqualTo("operation.phone_numbers");
        assertThat(problems.getFirst().getDetail().toString()).contains("10000").contains("1000")
                .contains("connector.limits.max-numbers-per-operation");
    }

    @Test
    void anOrderAtTheLimitPasses() {
        assertThat(bounds.problems(order(1000), 20_000)).isEmpty();
    }

    @Test
    void aRecordOverTheEncodedSizeLimitIsRefused() {
        assertThat(bounds.problems(order(1), 262_145)).extracting(ProviderError::getCode)
                .containsExactly("request_too_large");
    }

    @Test
    void everyStringFieldIsBoundedAndNamed() {
        final var longText = "x".repeat(1025);
        final var telnyx = request(TelnyxCreateNumberOrder.newBuilder()
                .setPhoneNumbers(List.of(TelnyxOrderPhoneNumber.newBuilder().setPhoneNumber(longText)
                        .setRequirementGroupId(null).setBundleId(longText).build()))
                .setConnectionId(longText).setMessagingProfileId(null).setBillingGroupId(null)
                .setCustomerReference(longText).build());
        telnyx.setTenant(longText);
        telnyx.setCorrelationId(longText);
        telnyx.setRequestId(longText);
        assertThat(bounds.problems(telnyx, 10_000)).extracting(e -> e.getField().toString()).containsExactlyInAnyOrder(
                "request_id", "tenant", "correlation_id", "operation.connection_id", "operation.customer_reference",
                "operation.phone_numbers[0].phone_number", "operation.phone_numbers[0].bundle_id");
    }

    @Test
    void requestedAtBeforeTheEpochOrFarInTheFutureIsRefused() {
        for (final var at : List.of(Instant.ofEpochMilli(Long.MIN_VALUE), Instant.ofEpochMilli(-1),
                NOW.plusSeconds(2 * 86_400), Instant.ofEpochMilli(Long.MAX_VALUE))) {
            final var request = request(SignalWirePurchasePhoneNumber.newBuilder().setNumber("+12025550123").build());
            request.setRequestedAt(at);
            assertThat(bounds.problems(request, 100)).extracting(ProviderError::getCode)
                    .as("requested_at %s", at).containsExactly("invalid_timestamp");
        }
    }

    @Test
    void aTelnyxOrderWithTooManyNumbersIsRefusedOnce() {
        final var numbers = IntStream.range(0, 1001).mapToObj(i -> TelnyxOrderPhoneNumber.newBuilder()
                .setPhoneNumber("+12025550123").setRequirementGroupId(null).setBundleId(null).build()).toList();
        final var telnyx = request(TelnyxCreateNumberOrder.newBuilder().setPhoneNumbers(numbers).setConnectionId(null)
                .setMessagingProfileId(null).setBillingGroupId(null).setCustomerReference(null).build());
        assertThat(bounds.problems(telnyx, 30_000)).extracting(ProviderError::getCode)
                .containsExactly("too_many_numbers");
    }
}
