package dev.numbers.bridge.orderstate;

import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.StateSource;
import dev.numbers.schemas.tracing.TraceHeaders;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies one order's state changes in event time: drops redeliveries, keeps the newest state of the order and of
 * each assignment, and emits every new change with the state it replaced.
 *
 * <p>A change older than what is already known (delivered out of order) is remembered for dedupe but neither moves
 * the state back nor is emitted: consumers of {@code numbers.order-states} see each object's states in event order.
 */
final class OrderStateProcessor implements FixedKeyProcessor<String, StateChange, OrderStateEvent> {

    private final OrderStateLag lag;
    private final Tracer tracer;
    private final int maxAssignments;
    private FixedKeyProcessorContext<String, OrderStateEvent> context;
    private KeyValueStore<String, OrderView> store;

    OrderStateProcessor(final OrderStateLag lag, final Tracer tracer, final int maxAssignments) {
        this.lag = lag;
        this.tracer = tracer;
        this.maxAssignments = maxAssignments;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, OrderStateEvent> context) {
        this.context = context;
        this.store = context.getStateStore(OrderTopology.ORDER_STATES_STORE);
    }

    @Override
    public void process(final FixedKeyRecord<String, StateChange> record) {
        final var change = record.value();
        final var view = Optional.ofNullable(store.get(record.key())).orElseGet(() -> OrderView.empty(change));
        if (view.seen(change)) {
            return;
        }
        if (!change.aboutOrder() && !view.assignments().containsKey(change.objectId())
                && view.assignments().size() >= maxAssignments) {
            throw new OrderTooLarge(change.orderId(), maxAssignments);
        }
        final var previous = view.currentStateOf(change);
        final var newer = change.eventAtMillis() >= view.updatedAtOf(change);
        final var next = view.apply(change, newer);
        store.put(record.key(), next);
        if (newer) {
            context.forward(record.withValue(event(change, previous, next.requestId()))
                    .withHeaders(traceHeaders(record.headers(), change)));
            lag.emitted(change);
        }
    }

    /**
     * An event of an order the connector created continues that request's trace: a span of its own, child of the
     * result's traceparent, goes on the event's headers. Other events keep the headers they had.
     */
    private Headers traceHeaders(final Headers incoming, final StateChange change) {
        if (change.traceparent() == null) {
            return incoming;
        }
        final var span = tracer.spanBuilder("order-state " + change.eventType())
                .setParent(TraceHeaders.extract(change.traceparent()))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("numbers.order_id", change.orderId())
                .startSpan();
        try {
            final var headers = new RecordHeaders(incoming.toArray());
            TraceHeaders.inject(Context.root().with(span), headers);
            return headers;
        } finally {
            span.end();
        }
    }

    private static OrderStateEvent event(final StateChange c, final String previous, final String requestId) {
        return OrderStateEvent.newBuilder()
                .setProvider(Provider.valueOf(c.provider()))
                .setOrderId(c.orderId())
                .setCategory(c.category())
                .setEventType(c.eventType())
                .setObjectId(c.objectId())
                .setPreviousState(previous)
                .setState(c.state())
                .setPhoneNumber(c.phoneNumber())
                .setNumberAssignmentId(c.numberAssignmentId())
                .setPhoneNumberId(c.phoneNumberId())
                .setCampaignId(c.campaignId())
                .setBrandId(c.brandId())
                .setProjectId(c.projectId())
                .setEventAt(Instant.ofEpochMilli(c.eventAtMillis()))
                .setRequestId(requestId)
                .setSource(StateSource.valueOf(c.source()))
                .setSignatureVerified(c.signatureVerified())
                .build();
    }
}
