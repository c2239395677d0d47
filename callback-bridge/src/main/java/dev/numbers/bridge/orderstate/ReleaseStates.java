package dev.numbers.bridge.orderstate;

import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.ReleasedResource;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.StateSource;
import java.util.List;

/**
 * A SUCCEEDED release or assignment deletion becomes an order-state event of its own: category phone_number, state
 * released; or category number_assignment, state deleted. No provider sends a callback for these, so the connector's
 * result is the source (RESULT). Keyed by the number (or the provider id when the request named only that), so a
 * number's whole life reads from one key.
 */
final class ReleaseStates {

    private ReleaseStates() {
    }

    static List<OrderStateEvent> of(final NumberResult result) {
        if (result == null || result.getStatus() != ResultStatus.SUCCEEDED
                || !(result.getResource() instanceof ReleasedResource released)) {
            return List.of();
        }
        final boolean assignment = "number_assignment".contentEquals(released.getKind());
        final var number = released.getNumber() == null ? null : released.getNumber().toString();
        final var id = released.getId() == null ? null : released.getId().toString();
        final var key = number != null ? number : id;
        if (key == null) {
            return List.of();
        }
        return List.of(OrderStateEvent.newBuilder()
                .setProvider(result.getProvider())
                .setOrderId(key)
                .setCategory(assignment ? "number_assignment" : "phone_number")
                .setEventType(assignment ? "number_assignment.deleted" : "phone_number.released")
                .setObjectId(id != null ? id : key)
                .setPreviousState(null)
                .setState(assignment ? "deleted" : "released")
                .setPhoneNumber(number)
                .setNumberAssignmentId(assignment ? id : null)
                .setEventAt(result.getFinishedAt())
                .setRequestId(result.getRequestId())
                .setSource(StateSource.RESULT)
                // the connector's own result, not a callback: nothing unverified reaches it
                .setSignatureVerified(true)
                .setFinalState(true)
                .build());
    }
}
