package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.schemas.phone.E164;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** SignalWire's {@code /phone_numbers}: buy, list and release the project's numbers. */
final class SignalWireNumbers {

    private final Store market;
    private final SignalWireStore store;
    private final JsonBodies bodies;
    private final Accounts accounts;
    private final NumberConfigs configs;

    SignalWireNumbers(Store market, SignalWireStore store, JsonBodies bodies, Accounts accounts,
                      NumberConfigs configs) {
        this.configs = configs;
        this.market = market;
        this.store = store;
        this.bodies = bodies;
        this.accounts = accounts;
    }

    Reply purchase(Call call) {
        final JsonNode body = bodies.parse(call.body());
        if (body == null || !body.isObject() || JsonBodies.hasFieldsOtherThan(body, Set.of("number"))) {
            return SignalWireApi.failure(400);
        }
        final JsonNode number = body.get("number");
        if (number == null || !number.isTextual() || !E164.matches(number.asText())) {
            return SignalWireApi.validation("invalid_parameter", "number must be a phone number in E.164 format");
        }
        final String e164 = number.asText();
        if (!market.forSale(e164)) {
            return SignalWireApi.validation("number_not_available",
                    "The number " + e164 + " is not available for purchase");
        }
        final SignalWireStore.Number bought = store.buy(e164, SignalWireShapes.now(), () -> {
            market.countPurchase(e164);
            accounts.own(Accounts.Kind.SIGNALWIRE, e164, call.account());
        });
        if (bought == null) {
            return SignalWireApi.validation("number_already_owned",
                    "The number " + e164 + " is already in your project");
        }
        return Reply.of(200, SignalWireShapes.phoneNumber(bought));
    }

    Reply list(Call call) {
        final String filter = call.query().get("filter_number");
        final String nameFilter = call.query().get("filter_name");
        if (filter != null && nameFilter == null && Store.isUsNumber(filter)) {
            // Only +1 numbers can be owned, so a full +1 number matches at most itself: answer from the index
            // instead of scanning, which keeps lookups flat under load.
            final SignalWireStore.Number owned = store.byNumber(filter);
            return SignalWirePages.page(call, owned == null || !ownedByCaller(call, owned) ? List.of()
                    : List.of(SignalWireShapes.phoneNumber(owned, configs.of(owned.number()))));
        }
        final List<Object> matching = new ArrayList<>();
        for (Iterator<SignalWireStore.Number> it = store.newestFirst(); it.hasNext(); ) {
            final SignalWireStore.Number n = it.next();
            if ((filter == null || n.number().contains(filter))
                    && (nameFilter == null || n.number().contains(nameFilter))
                    && ownedByCaller(call, n)) {
                matching.add(SignalWireShapes.phoneNumber(n, configs.of(n.number())));
            }
        }
        return SignalWirePages.page(call, matching);
    }

    // Releasing gives the number back to the inventory; its assignments go with it. Another project's number is not
    // found in this one, as with the real API.
    Reply release(Call call, String id) {
        final SignalWireStore.Number released = store.release(id, owned -> ownedByCaller(call, owned),
                gone -> {
                    accounts.release(Accounts.Kind.SIGNALWIRE, gone.number());
                    configs.forget(gone.number());
                });
        return released == null ? SignalWireApi.failure(404) : Reply.empty(204);
    }

    // Each project sees only the numbers it bought (Accounts), so one account's lookup never finds another's purchase.
    private boolean ownedByCaller(Call call, SignalWireStore.Number number) {
        return accounts.owns(Accounts.Kind.SIGNALWIRE, call.account(), number.number());
    }
}
