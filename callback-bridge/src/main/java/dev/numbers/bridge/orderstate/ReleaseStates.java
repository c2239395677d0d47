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
        return released(result).stream().map(r -> OrderStateEvent.newBuilder()
                .setProvider(result.getProvider())
                .setOrderId(r.key())
                .setCategory(r.category())
                .setEventType(r.eventType())
                .setObjectId(r.id() != null ? r.id() : r.key())
                .setPreviousState(null)
                .setState(r.state())
                .setPhoneNumber(r.number())
                .setNumberAssignmentId(r.assignment() ? r.id() : null)
                .setEventAt(result.getFinishedAt())
                .setRequestId(result.getRequestId())
                .setSource(StateSource.RESULT)
                // the connector's own result, not a callback: nothing unverified reaches it
                .setSignatureVerified(true)
                .setFinalState(true)
                .build()).toList();
    }

    /**
     * The same release as a store-only change under its key, so {@code GET /objects/release/{key}} serves it; the
     * event itself goes to the topic from {@link #of} (with the result's request id), not from the store.
     */
    static List<StateChange> served(final NumberResult result) {
        return released(result).stream().map(r -> new StateChange(result.getProvider().name(), r.key(),
                r.category(), r.eventType(), r.key(), r.state(), result.getFinishedAt().toEpochMilli(), r.number(),
                r.assignment() ? r.id() : null, null, null, null, null, StateSource.RESULT.name(),
                result.getFinishedAt().toEpochMilli(), true, true)).toList();
    }

    private record Released(String key, String id, String number, boolean assignment) {

        String category() {
            return assignment ? "number_assignment" : "phone_number";
        }

        String eventType() {
            return assignment ? ObjectKind.DELETED : ObjectKind.RELEASED;
        }

        String state() {
            return assignment ? "deleted" : "released";
        }
    }

    private static List<Released> released(final NumberResult result) {
        if (result == null || result.getStatus() != ResultStatus.SUCCEEDED
                || !(result.getResource() instanceof ReleasedResource released)) {
            return List.of();
        }
        final var number = released.getNumber() == null ? null : released.getNumber().toString();
        final var id = released.getId() == null ? null : released.getId().toString();
        final var key = number != null ? number : id;
        if (key == null) {
            return List.of();
        }
        return List.of(new Released(key, id, number, "number_assignment".contentEquals(released.getKind())));
    }
}
