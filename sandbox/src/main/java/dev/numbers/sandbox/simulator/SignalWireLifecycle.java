package dev.numbers.sandbox.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A 10DLC order's life cycle and its status callbacks: the order is processed after one step; each assignment settles
 * one step later, a fail-once number fails first, goes back to pending and completes on the following steps.
 */
final class SignalWireLifecycle {

    private final SignalWireStore store;
    private final SimulatorConfig config;
    private final ScheduledExecutorService scheduler;
    private final WebhookDispatcher webhooks;
    private final Accounts accounts;
    private final JsonBodies bodies;

    SignalWireLifecycle(SignalWireStore store, SimulatorConfig config, ScheduledExecutorService scheduler,
                        WebhookDispatcher webhooks, Accounts accounts, JsonBodies bodies) {
        this.store = store;
        this.config = config;
        this.scheduler = scheduler;
        this.webhooks = webhooks;
        this.accounts = accounts;
        this.bodies = bodies;
    }

    void start(SignalWireStore.Order order) {
        final long step = Math.max(1, config.lifecycleStep().toMillis());
        scheduler.schedule(() -> {
            order.processed(SignalWireShapes.now());
            notify(order, null, "number_assignment_order", "number_assignment_order_processed", "processed");
        }, step, TimeUnit.MILLISECONDS);
        for (SignalWireStore.Assignment a : order.assignments) {
            if (store.takeFailOnce(a.number)) {
                transition(order, a, "failed", "number_assignment_failed", 2 * step);
                transition(order, a, "pending", "number_assignment_pending", 3 * step);
                transition(order, a, "completed", "number_assignment_activated", 4 * step);
            } else {
                transition(order, a, "completed", "number_assignment_activated", 2 * step);
            }
        }
    }

    private void transition(SignalWireStore.Order order, SignalWireStore.Assignment a, String state, String event,
                            long delayMs) {
        scheduler.schedule(() -> {
            a.moveTo(state, SignalWireShapes.now());
            notify(order, a, "number_assignment", event, state);
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void notify(SignalWireStore.Order order, SignalWireStore.Assignment a, String category, String event,
                        String state) {
        final Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("project_id", accounts.signalWireProjectId(order.account));
        payload.put("event_at", SignalWireShapes.TIME.format(SignalWireShapes.now()));
        payload.put("event_category", category);
        payload.put("event_type", event);
        payload.put("state", state);
        payload.put("brand_id", store.brandOf(order.campaignId));
        payload.put("campaign_id", order.campaignId);
        payload.put("number_assignment_order_id", order.id);
        if (a != null) {
            payload.put("number_assignment_id", a.id);
            payload.put("phone_number_id", a.phoneNumberId);
            payload.put("phone_number", a.number);
        }
        final byte[] body = bodies.bytes(payload);
        webhooks.submit(new WebhookDispatcher.Delivery("signalwire", order.callbackUrl, event, attempt -> body));
    }
}
