package dev.numbers.bridge.orderstate;

import dev.numbers.schemas.avro.OrderStateEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies an observation to its order's stored view and emits the change as an {@link OrderStateEvent} carrying the
 * previous state; redeliveries and out-of-order (older) events change nothing and emit nothing.
 */
final class OrderStateProcessor implements Processor<String, Observation, String, OrderStateEvent> {

    private final Counter changed;
    private final Counter duplicates;
    private final Counter stale;
    private final Timer lag;
    private ProcessorContext<String, OrderStateEvent> context;
    private KeyValueStore<String, OrderView> views;

    OrderStateProcessor(final MeterRegistry meters) {
        this.changed = meters.counter("bridge.order_states", "outcome", "changed");
        this.duplicates = meters.counter("bridge.order_states", "outcome", "duplicate");
        this.stale = meters.counter("bridge.order_states", "outcome", "stale");
        this.lag = Timer.builder("bridge.order_states.lag")
                .description("webhook received (raw record timestamp) to order-state event emitted")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    @Override
    public void init(final ProcessorContext<String, OrderStateEvent> context) {
        this.context = context;
        this.views = context.getStateStore(OrderStateTopology.ORDER_STATE_STORE);
    }

    @Override
    public void process(final Record<String, Observation> record) {
        final var seen = record.value();
        final var stored = views.get(seen.orderId());
        final var view = stored != null ? stored : OrderView.empty(seen);
        final var now = System.currentTimeMillis();
        switch (view.apply(seen, now)) {
            case OrderView.Applied.Changed c -> {
                views.put(seen.orderId(), c.view());
                changed.increment();
                lag.record(Duration.ofMillis(Math.max(0, now - record.timestamp())));
                context.forward(record.withKey(seen.orderId()).withValue(event(seen, c)));
            }
            case OrderView.Applied.Duplicate d -> duplicates.increment();
            case OrderView.Applied.Stale s -> stale.increment();
        }
    }

    private static OrderStateEvent event(final Observation seen, final OrderView.Applied.Changed change) {
        return OrderStateEvent.newBuilder()
                .setProvider(seen.provider())
                .setOrderId(seen.orderId())
                .setCategory(seen.category())
                .setEventType(seen.eventType())
                .setObjectId(seen.objectId())
                .setPreviousState(change.previousState())
                .setState(seen.state())
                .setPhoneNumber(seen.phoneNumber())
                .setNumberAssignmentId(seen.numberAssignmentId())
                .setPhoneNumberId(seen.phoneNumberId())
                .setCampaignId(seen.campaignId())
                .setBrandId(seen.brandId())
                .setProjectId(seen.projectId())
                .setEventAt(Instant.ofEpochMilli(seen.eventAt()))
                .setRequestId(change.view().requestId())
                .setSource(seen.source())
                .build();
    }
}
