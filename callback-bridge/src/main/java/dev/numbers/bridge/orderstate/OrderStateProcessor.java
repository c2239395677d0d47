package dev.numbers.bridge.orderstate;

import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.StateSource;
import dev.numbers.schemas.tracing.TraceHeaders;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies one order's inputs in event time: drops redeliveries and replays, keeps the newest state of the order and of
 * each assignment, emits every new change with the state it replaced, and correlates the order with the request that
 * created it whichever of the two arrives first.
 *
 * <p>Dedupe is by the event's stable key ({@link StateChange#dedupeKey}) over {@code dedupeWindow} of receipt time, not
 * a count of events, and an event is emitted only when it is strictly newer than what is known of its object: a
 * replay of the object's latest callback, even after the window forgot its key, has an equal event time and is not
 * emitted again. A change older than what is known (delivered out of order) is remembered but neither moves the state
 * back nor is emitted: consumers of {@code numbers.order-states} see each object's states in event order.
 *
 * <p>Correlation: an event emitted before the request is known carries {@code request_id = null}; when the request
 * arrives, the latest such event of each object is emitted once more with the request id (and the request's trace).
 */
final class OrderStateProcessor implements FixedKeyProcessor<String, OrderInput, OrderStateEvent> {

    private final OrderStateLag lag;
    private final Tracer tracer;
    private final int maxAssignments;
    private final long dedupeWindowMillis;
    private FixedKeyProcessorContext<String, OrderStateEvent> context;
    private KeyValueStore<String, OrderView> store;

    OrderStateProcessor(final OrderStateLag lag, final Tracer tracer, final int maxAssignments,
            final Duration dedupeWindow) {
        this.lag = lag;
        this.tracer = tracer;
        this.maxAssignments = maxAssignments;
        this.dedupeWindowMillis = dedupeWindow.toMillis();
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, OrderStateEvent> context) {
        this.context = context;
        this.store = context.getStateStore(OrderTopology.ORDER_STATES_STORE);
    }

    @Override
    public void process(final FixedKeyRecord<String, OrderInput> record) {
        final var input = record.value();
        final var view = Optional.ofNullable(store.get(record.key())).orElseGet(() -> OrderView.empty(record.key()));
        if (input.request() != null) {
            correlate(record, view, input.request());
        } else if (input.change() != null) {
            change(record, view, input.change());
        }
    }

    private void change(final FixedKeyRecord<String, OrderInput> record, final OrderView view,
            final StateChange change) {
        if (view.seen(change)) {
            return;
        }
        if (!change.aboutOrder() && !view.assignments().containsKey(change.objectId())
                && view.assignments().size() >= maxAssignments) {
            throw new OrderTooLarge(change.orderId(), maxAssignments);
        }
        final var previous = view.currentStateOf(change);
        final var newer = change.eventAtMillis() > view.updatedAtOf(change);
        // records of an older bridge carry no receipt time: their event time stands in for it
        final var receivedAt = change.receivedAtMillis() > 0 ? change.receivedAtMillis() : change.eventAtMillis();
        store.put(record.key(), view.apply(change, newer, previous, receivedAt, receivedAt - dedupeWindowMillis));
        if (newer && !change.storeOnly()) {
            emit(record, change, previous, view.requestId(), view.traceparent());
            lag.emitted(change);
        }
    }

    /** The first request known for an order wins; its events seen so far are emitted once more, correlated. */
    private void correlate(final FixedKeyRecord<String, OrderInput> record, final OrderView view,
            final OrderRequest request) {
        if (view.requestId() != null) {
            return;
        }
        store.put(record.key(), view.correlated(request));
        for (final var emitted : view.uncorrelated().values()) {
            emit(record, emitted.change(), emitted.previousState(), request.requestId(), request.traceparent());
        }
    }

    private void emit(final FixedKeyRecord<String, OrderInput> record, final StateChange change, final String previous,
            final String requestId, final String traceparent) {
        context.forward(record.withValue(event(change, previous, requestId))
                .withHeaders(traceHeaders(record.headers(), change, traceparent)));
    }

    /**
     * An event of an order the connector created continues that request's trace: a span of its own, child of the
     * result's traceparent, goes on the event's headers. Other events keep the headers they had.
     */
    private Headers traceHeaders(final Headers incoming, final StateChange change, final String traceparent) {
        if (traceparent == null) {
            return incoming;
        }
        final var span = tracer.spanBuilder("order-state " + change.eventType())
                .setParent(TraceHeaders.extract(traceparent))
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
                .setFinalState(c.finalState())
                .build();
    }
}
