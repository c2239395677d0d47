package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.schemas.phone.E164;
import dev.numbers.schemas.provider.TelnyxNumberOrderWebhook;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Telnyx's {@code /number_orders}: an order takes its numbers when placed (if for sale), completes one life-cycle step
 * later with {@code success} or {@code failure}, and the account's webhook URL hears {@code number_order.complete}.
 */
final class TelnyxOrders {

    private final Store market;
    private final TelnyxStore store;
    private final JsonBodies bodies;
    private final SimulatorConfig config;
    private final ScheduledExecutorService scheduler;
    private final WebhookDispatcher webhooks;
    private final Accounts accounts;
    private final TelnyxReservations reservations;
    private volatile String webhookUrl;

    TelnyxOrders(Store market, TelnyxStore store, JsonBodies bodies, SimulatorConfig config,
                 ScheduledExecutorService scheduler, WebhookDispatcher webhooks, Accounts accounts,
                 TelnyxReservations reservations) {
        this.reservations = reservations;
        this.market = market;
        this.store = store;
        this.bodies = bodies;
        this.config = config;
        this.scheduler = scheduler;
        this.webhooks = webhooks;
        this.accounts = accounts;
        this.webhookUrl = config.telnyxWebhookUrl();
    }

    void webhookUrl(String url) {
        webhookUrl = url;
    }

    Reply create(Call call) {
        final JsonNode body;
        try {
            body = bodies.mapper().readTree(call.body());
        } catch (IOException e) {
            return TelnyxApi.failure(400, "10015", "Bad Request", "The request body is not valid JSON", "/");
        }
        if (body == null || !body.isObject() || !body.path("phone_numbers").isArray()
                || body.get("phone_numbers").isEmpty()) {
            return TelnyxApi.failure(422, "10015", "Invalid value", "phone_numbers must list at least one number",
                    "/phone_numbers");
        }
        final String orderId = UUID.randomUUID().toString();
        final List<TelnyxStore.OrderNumber> numbers = new ArrayList<>();
        for (JsonNode n : body.get("phone_numbers")) {
            final String phone = n.path("phone_number").asText("");
            if (!E164.matches(phone)) {
                return TelnyxApi.failure(422, "10015", "Invalid value", "phone_number must be E.164",
                        "/phone_numbers/phone_number");
            }
            numbers.add(new TelnyxStore.OrderNumber(UUID.randomUUID().toString(), phone,
                    JsonBodies.text(n, "bundle_id"), JsonBodies.text(n, "requirement_group_id")));
        }
        final TelnyxStore.Order order = new TelnyxStore.Order(orderId, JsonBodies.text(body, "connection_id"),
                JsonBodies.text(body, "messaging_profile_id"), JsonBodies.text(body, "billing_group_id"),
                JsonBodies.text(body, "customer_reference"), List.copyOf(numbers), TelnyxShapes.now());
        for (TelnyxStore.OrderNumber n : numbers) {
            // A number whose orders are set to fail, or that another account holds by a reservation, is not taken:
            // complete() then reports the order failed, as Telnyx does when a number went to someone else after the
            // order was accepted.
            if (market.forSale(n.phoneNumber) && !store.ordersFail(n.phoneNumber)
                    && !reservations.heldByOther(n.phoneNumber, call.account())) {
                final TelnyxStore.Number owned = new TelnyxStore.Number(UUID.randomUUID().toString(),
                        n.phoneNumber, orderId, order.connectionId, order.messagingProfileId,
                        order.customerReference, order.createdAt);
                // check and take under one lock: racing orders for one number must sell it once
                store.take(owned, () -> {
                    market.countPurchase(n.phoneNumber);
                    accounts.own(Accounts.Kind.TELNYX, n.phoneNumber, call.account());
                });
            }
        }
        store.add(order);
        scheduler.schedule(() -> complete(order, call.account()), Math.max(1, config.lifecycleStep().toMillis()),
                TimeUnit.MILLISECONDS);
        return Reply.of(200, Map.of("data", TelnyxShapes.order(order)));
    }

    Reply list(Call call) {
        final String reference = call.query().get("filter[customer_reference]");
        final String status = call.query().get("filter[status]");
        final List<Object> data = new ArrayList<>();
        for (TelnyxStore.Order o : store.orders()) {
            if ((reference == null || reference.equals(o.customerReference))
                    && (status == null || status.equals(o.status()))) {
                data.add(TelnyxShapes.order(o));
            }
        }
        return TelnyxShapes.paged(call, data);
    }

    Reply get(String id) {
        final TelnyxStore.Order order = store.order(id);
        return order == null ? TelnyxApi.failure(404) : Reply.of(200, Map.of("data", TelnyxShapes.order(order)));
    }

    // the webhook is signed with the key of the account that placed the order (WebhookKeys)
    private void complete(TelnyxStore.Order order, String account) {
        boolean allOk = true;
        for (TelnyxStore.OrderNumber n : order.numbers) {
            final TelnyxStore.Number owned = store.byNumber(n.phoneNumber);
            final boolean ok = owned != null && owned.orderId().equals(order.id);
            n.settle(ok ? "success" : "failure");
            allOk &= ok;
        }
        order.complete(allOk ? "success" : "failure", TelnyxShapes.now());
        final String url = webhookUrl;
        if (url == null) {
            return;
        }
        final TelnyxNumberOrderWebhook event = new TelnyxNumberOrderWebhook(UUID.randomUUID().toString(),
                TelnyxShapes.now(), TelnyxShapes.order(order));
        webhooks.submit(new WebhookDispatcher.Delivery("telnyx", url, TelnyxNumberOrderWebhook.EVENT_TYPE, account,
                attempt -> bodies.bytes(event.toMap(TelnyxNumberOrderWebhook.deliveryMeta(attempt, url)))));
    }
}
