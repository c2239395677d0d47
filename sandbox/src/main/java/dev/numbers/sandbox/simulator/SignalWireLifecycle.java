package dev.numbers.sandbox.simulator;

import dev.numbers.schemas.provider.TenDlcStatusCallback;
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
            notify(order, null, "processed");
        }, step, TimeUnit.MILLISECONDS);
        for (SignalWireStore.Assignment a : order.assignments) {
            if (store.takeFailOnce(a.number)) {
                transition(order, a, "failed", 2 * step);
                transition(order, a, "pending", 3 * step);
                transition(order, a, "completed", 4 * step);
            } else {
                transition(order, a, "completed", 2 * step);
            }
        }
    }

    private void transition(SignalWireStore.Order order, SignalWireStore.Assignment a, String state, long delayMs) {
        scheduler.schedule(() -> {
            a.moveTo(state, SignalWireShapes.now());
            notify(order, a, state);
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void notify(SignalWireStore.Order order, SignalWireStore.Assignment a, String state) {
        final String project = accounts.signalWireProjectId(order.account);
        final String brand = store.brandOf(order.campaignId);
        final TenDlcStatusCallback callback = a == null
                ? TenDlcStatusCallback.orderProcessed(project, SignalWireShapes.now(),
                        brand, order.campaignId, order.id)
                : TenDlcStatusCallback.assignment(project, SignalWireShapes.now(), state, brand, order.campaignId,
                        order.id, a.id, a.phoneNumberId, a.number);
        final byte[] body = bodies.bytes(callback.toMap());
        webhooks.submit(new WebhookDispatcher.Delivery("signalwire", order.callbackUrl, callback.eventType(),
                attempt -> body));
    }
}
