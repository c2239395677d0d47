package dev.numbers.bridge.orderstate;

import dev.numbers.bridge.webhook.FieldRules;
import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import dev.numbers.schemas.tracing.TraceHeaders;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Raw webhooks in, order-state events out; reads top to bottom like the data flow. A record that cannot be decoded
 * or normalized fails on its own and goes to the dead-letter topic (see {@code deadletter}), never the thread.
 */
public final class OrderTopology {

    public static final String ORDER_STATES_STORE = "order-states";

    /**
     * The topics the topology reads and writes: orders' states (with their assignments, releases and deletions) on
     * {@code orderStates}, the other objects' (brands, campaigns, Telnyx number assignments) on {@code objectStates}.
     */
    public record Topics(String rawWebhooks, String results, String orderStates, String objectStates) {
    }

    private OrderTopology() {
    }

    public static Topology build(final Topics topics, final OrderSerdes serdes, final OrderStateLag lag,
            final Tracer tracer, final FieldRules rules, final int maxAssignmentsPerOrder,
            final Duration dedupeWindow) {
        final var builder = new StreamsBuilder();
        final var normalizer = new WebhookNormalizer(rules);

        final var results = builder.stream(topics.results(), Consumed.with(Serdes.String(), serdes.results()));
        // Releases and assignment deletions have no provider callback: their results are their states.
        results.flatMapValues(ReleaseStates::of, Named.as("release-states"))
                .selectKey((requestId, event) -> event.getOrderId().toString(), Named.as("by-number"))
                .to(topics.orderStates(), Produced.with(Serdes.String(), serdes.events()));
        // order id -> the request that created it (id and trace), from the connector's results for created orders
        final KStream<String, OrderInput> requests = results
                .process(CreatedOrders::new, Named.as("created-orders"))
                .mapValues(OrderInput::of, Named.as("request-input"));

        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ORDER_STATES_STORE), Serdes.String(), new JsonSerde<>(OrderView.class)));

        final KStream<String, OrderInput> changes = builder.stream(topics.rawWebhooks(),
                        Consumed.with(Serdes.String(), serdes.raw()))
                .flatMapValues(raw -> normalizer.normalize(raw).map(StateChange::withOwnLives).orElse(List.of()),
                        Named.as("normalize"))
                .selectKey((objectKey, change) -> change.orderId(), Named.as("key-by-order"))
                .mapValues(OrderInput::of, Named.as("change-input"));
        // a release kept in the store too, so GET serves it; its event left above, straight from the result
        final KStream<String, OrderInput> releases = results
                .flatMapValues(ReleaseStates::served, Named.as("served-releases"))
                .selectKey((requestId, change) -> change.orderId(), Named.as("release-by-number"))
                .mapValues(OrderInput::of, Named.as("release-input"));

        // changes and requests of one order meet in one processor and store, whichever comes first
        changes.merge(requests, Named.as("order-inputs")).merge(releases, Named.as("with-releases"))
                .repartition(Repartitioned.with(Serdes.String(), OrderInput.serde()).withName("by-order"))
                .processValues(() -> new OrderStateProcessor(lag, tracer, maxAssignmentsPerOrder, dedupeWindow),
                        Named.as("order-state"), ORDER_STATES_STORE)
                // an order consumer reads orders only; the other objects' lives have a topic of their own
                .to((id, event, context) -> ObjectKind.ofEvent(event).onOrderTopic() ? topics.orderStates()
                        : topics.objectStates(), Produced.with(Serdes.String(), serdes.events()));

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
