package dev.numbers.bridge.orderstate;

import dev.numbers.bridge.webhook.FieldRules;
import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import dev.numbers.schemas.tracing.TraceHeaders;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Raw webhooks in, order-state events out; reads top to bottom like the data flow. A record that cannot be decoded
 * or normalized fails on its own and goes to the dead-letter topic (see {@code deadletter}), never the thread.
 */
public final class OrderTopology {

    public static final String ORDER_STATES_STORE = "order-states";
    public static final String ORDER_REQUESTS_STORE = "order-requests";

    /** The topics the topology reads and writes. */
    public record Topics(String rawWebhooks, String results, String orderStates) {
    }

    private OrderTopology() {
    }

    public static Topology build(final Topics topics, final Serde<RawWebhook> rawSerde,
            final Serde<NumberResult> resultSerde, final Serde<OrderStateEvent> eventSerde, final OrderStateLag lag,
            final Tracer tracer, final FieldRules rules, final int maxAssignmentsPerOrder) {
        final var builder = new StreamsBuilder();
        final var normalizer = new WebhookNormalizer(rules);
        final var changeSerde = new JsonSerde<>(StateChange.class);

        final var requestSerde = OrderRequest.serde();

        // order id -> the request that created it (id and trace), from the connector's results for created orders
        final var results = builder.stream(topics.results(), Consumed.with(Serdes.String(), resultSerde));
        // Releases and assignment deletions have no provider callback: their results are their states.
        results.flatMapValues(ReleaseStates::of, Named.as("release-states"))
                .selectKey((requestId, event) -> event.getOrderId().toString(), Named.as("by-number"))
                .to(topics.orderStates(), Produced.with(Serdes.String(), eventSerde));
        final var orderRequests = results
                .process(CreatedOrders::new, Named.as("created-orders"))
                .toTable(Named.as("order-requests-table"),
                        Materialized.<String, OrderRequest, KeyValueStore<Bytes, byte[]>>as(ORDER_REQUESTS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(requestSerde));

        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ORDER_STATES_STORE), Serdes.String(), new JsonSerde<>(OrderView.class)));

        builder.stream(topics.rawWebhooks(), Consumed.with(Serdes.String(), rawSerde))
                .flatMapValues(raw -> normalizer.normalize(raw).map(List::of).orElse(List.of()), Named.as("normalize"))
                .selectKey((objectKey, change) -> change.orderId(), Named.as("by-order"))
                .leftJoin(orderRequests, StateChange::withRequest,
                        Joined.with(Serdes.String(), changeSerde, requestSerde))
                .processValues(() -> new OrderStateProcessor(lag, tracer, maxAssignmentsPerOrder),
                        Named.as("order-state"), ORDER_STATES_STORE)
                .to(topics.orderStates(), Produced.with(Serdes.String(), eventSerde));

        return builder.build();
    }

    /** A SUCCEEDED result that created an order becomes order id -> (request_id, the result's traceparent). */
    private static final class CreatedOrders implements Processor<String, NumberResult, String, OrderRequest> {

        private ProcessorContext<String, OrderRequest> context;

        @Override
        public void init(final ProcessorContext<String, OrderRequest> context) {
            this.context = context;
        }

        @Override
        public void process(final Record<String, NumberResult> record) {
            createdOrder(record.value()).ifPresent(orderId -> context.forward(new Record<>(orderId,
                    new OrderRequest(record.key(), TraceHeaders.traceparent(TraceHeaders.extract(record.headers()))),
                    record.timestamp(), record.headers())));
        }
    }

    private static Optional<String> createdOrder(final NumberResult result) {
        if (result == null || result.getStatus() != ResultStatus.SUCCEEDED) {
            return Optional.empty();
        }
        return switch (result.getResource()) {
            case AssignmentOrder order -> Optional.of(order.getId());
            case TelnyxNumberOrder order -> Optional.of(order.getId());
            case null, default -> Optional.empty();
        };
    }
}
