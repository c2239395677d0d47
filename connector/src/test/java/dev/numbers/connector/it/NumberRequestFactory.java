package dev.numbers.connector.it;

import dev.numbers.schemas.avro.NumberRequest;
import java.time.Instant;

/** A request as a well-behaved producer writes it, around any operation. */
final class NumberRequestFactory {

    private NumberRequestFactory() {
    }

    static NumberRequest of(final String requestId, final Object operation) {
        return NumberRequest.newBuilder().setRequestId(requestId).setRequestedAt(Instant.now()).setTenant("team-a")
                .setCorrelationId("corr-" + requestId).setOperation(operation).build();
    }
}
