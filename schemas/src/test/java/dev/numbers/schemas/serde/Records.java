package dev.numbers.schemas.serde;

import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import java.time.Instant;

final class Records {

    private Records() {
    }

    static NumberRequest purchase(final String requestId) {
        return NumberRequest.newBuilder()
                .setRequestId(requestId)
                .setRequestedAt(Instant.parse("2026-11-23T16:00:00Z"))
                .setTenant("team-a")
                .setCorrelationId("trace-1")
                .setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber("+15551234567").build())
                .build();
    }
}
