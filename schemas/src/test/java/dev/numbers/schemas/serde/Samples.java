package dev.numbers.schemas.serde;

import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentSource;
import dev.numbers.schemas.avro.IntentState;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.StateSource;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import dev.numbers.schemas.avro.TelnyxOrderPhoneNumber;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic record of every event type, shaped after the seeds. */
final class Samples {

    static final Instant AT = Instant.parse("2026-11-23T16:00:00Z");

    private Samples() {
    }

    static NumberRequest telnyxOrder() {
        return NumberRequest.newBuilder()
                .setRequestId("req-telnyx-1")
                .setRequestedAt(AT)
                .setOperation(TelnyxCreateNumberOrder.newBuilder()
                        .setPhoneNumbers(List.of(TelnyxOrderPhoneNumber.newBuilder()
                                .setPhoneNumber("+19705555098").setRequirementGroupId("rg-1").build()))
                        .setConnectionId("346789098765567")
                        .build())
                .build();
    }

    static NumberResult rejectedResult() {
        return NumberResult.newBuilder()
                .setRequestId("req-sw-2")
                .setProvider(Provider.SIGNALWIRE)
                .setOperation(OperationType.values()[0])
                .setStatus(ResultStatus.values()[1])
                .setErrors(List.of(ProviderError.newBuilder()
                        .setHttpStatus(422).setCode("invalid_parameter").setTitle("Invalid Parameter")
                        .setDetail("number is not available").build()))
                .setAttempts(1)
                .setStartedAt(AT)
                .setFinishedAt(AT.plusMillis(250))
                .build();
    }

    static NumberResult orderResult() {
        return NumberResult.newBuilder(rejectedResult())
                .setStatus(ResultStatus.values()[0])
                .setErrors(List.of())
                .setResource(AssignmentOrder.newBuilder().setId("order-1").setState("pending").build())
                .build();
    }

    static OrderStateEvent orderState() {
        return OrderStateEvent.newBuilder()
                .setProvider(Provider.SIGNALWIRE)
                .setOrderId("order-1")
                .setCategory("10dlc")
                .setEventType("number_assignment")
                .setObjectId("assignment-1")
                .setPreviousState("pending")
                .setState("completed")
                .setPhoneNumber("+15551234567")
                .setEventAt(AT)
                .setSource(StateSource.values()[0])
                .build();
    }

    static RawWebhook rawWebhook() {
        return RawWebhook.newBuilder()
                .setProvider(Provider.TELNYX)
                .setObjectId("number-order-1")
                .setUrl("https://bridge.example/webhooks/telnyx")
                .setReceivedAt(AT)
                .setHeaders(Map.of("content-type", "application/json"))
                .setBody("{\"data\":{\"event_type\":\"number_order.complete\"}}")
                .setSignatureVerified(true)
                .build();
    }

    static Intent intent() {
        return Intent.newBuilder()
                .setRequestId("req-telnyx-1")
                .setState(IntentState.COMPLETED)
                .setRequest(telnyxOrder())
                .setUpdatedAt(AT)
                .setResult(orderResult())
                .setAttempt(1)
                .setSource(IntentSource.newBuilder()
                        .setTopic("numbers.requests").setPartition(3).setOffset(42L).build())
                .build();
    }
}
