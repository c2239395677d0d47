package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.schemas.phone.E164;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** SignalWire's 10DLC {@code /registry/beta}: number-assignment orders and the assignments they make. */
final class SignalWireOrders {

    private final SignalWireStore store;
    private final JsonBodies bodies;
    private final SignalWireLifecycle lifecycle;

    SignalWireOrders(SignalWireStore store, JsonBodies bodies, SignalWireLifecycle lifecycle) {
        this.store = store;
        this.bodies = bodies;
        this.lifecycle = lifecycle;
    }

    Reply create(Call call, String campaignId) {
        if (!store.hasCampaign(campaignId)) {
            return SignalWireApi.failure(404);
        }
        final JsonNode body = bodies.parse(call.body());
        if (body == null || !body.isObject()
                || JsonBodies.hasFieldsOtherThan(body, Set.of("phone_numbers", "status_callback_url"))) {
            return SignalWireApi.validation("invalid_parameter", "the body must be a CreateOrderRequest");
        }
        final JsonNode numbers = body.get("phone_numbers");
        if (numbers == null || !numbers.isArray() || numbers.isEmpty()) {
            return SignalWireApi.validation("invalid_parameter", "phone_numbers must list at least one number");
        }
        final String callback = body.hasNonNull("status_callback_url")
                ? body.get("status_callback_url").asText() : null;
        final String orderId = UUID.randomUUID().toString();
        final Instant created = SignalWireShapes.now();
        final List<SignalWireStore.Assignment> assignments = new ArrayList<>();
        for (JsonNode n : numbers) {
            if (!n.isTextual() || !E164.matches(n.asText())) {
                return SignalWireApi.validation("invalid_parameter", "phone_numbers must be E.164 numbers");
            }
            final SignalWireStore.Number owned = store.byNumber(n.asText());
            assignments.add(new SignalWireStore.Assignment(UUID.randomUUID().toString(), orderId, campaignId,
                    owned != null ? owned.id()
                            : UUID.nameUUIDFromBytes(n.asText().getBytes(StandardCharsets.UTF_8)).toString(),
                    n.asText(), callback, created));
        }
        final SignalWireStore.Order order = new SignalWireStore.Order(orderId, campaignId, callback, created,
                List.copyOf(assignments), call.account());
        store.add(order);
        lifecycle.start(order);
        return Reply.of(200, SignalWireShapes.order(order));
    }

    Reply list(Call call, String campaignId) {
        if (!store.hasCampaign(campaignId)) {
            return SignalWireApi.failure(404);
        }
        final String state = call.query().get("filter_state");
        final List<Object> data = new ArrayList<>();
        for (SignalWireStore.Order o : store.orders()) {
            if (o.campaignId.equals(campaignId) && (state == null || state.equals(o.state()))) {
                data.add(SignalWireShapes.order(o));
            }
        }
        return SignalWirePages.page(call, data);
    }

    Reply get(String orderId) {
        final SignalWireStore.Order order = store.order(orderId);
        return order == null ? SignalWireApi.failure(404) : Reply.of(200, SignalWireShapes.order(order));
    }

    Reply assignments(Call call, String campaignId) {
        if (!store.hasCampaign(campaignId)) {
            return SignalWireApi.failure(404);
        }
        final String state = call.query().get("filter_state");
        final List<Object> data = new ArrayList<>();
        for (SignalWireStore.Assignment a : store.assignments()) {
            if (a.campaignId.equals(campaignId) && (state == null || state.equals(a.state()))) {
                data.add(SignalWireShapes.assignment(a));
            }
        }
        return SignalWirePages.page(call, data);
    }

    Reply deleteAssignment(String id) {
        return store.removeAssignment(id) ? Reply.empty(204) : SignalWireApi.failure(404);
    }
}
