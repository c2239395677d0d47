package dev.numbers.bridge.orderstate;

import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.RawWebhook;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Raw webhooks → order-state events. Named {@code OrderStateTopology} rather than {@code Topology} so that it does not
 * shadow Kafka's class of that name in every file that uses both.
 */
public final class OrderStateTopology {

    /** order id → {@link OrderView}: current state of every order and of each number assignment; served by GET. */
    public static final String ORDER_STATE_STORE = "order-state";
    /** order id → request_id, from the connector's results. */
    public static final String REQUEST_BY_ORDER_STORE = "request-by-order";

    private OrderStateTopology() {
    }

    public static Topology build(final OrderStateConfig config, final Serde<RawWebhook> rawSerde,
            final Serde<NumberResult> resultSerde, final Serde<OrderStateEvent> stateSerde, final MeterRegistry meters) {
        final var builder = new StreamsBuilder();
        final var strings = Serdes.String();
        final var observations = JsonSerde.of(Observation.class);
        final var parse = new Observations();

        // correlation: the connector's results, re-keyed by the order each one created
        final var requestByOrder = builder
                .stream(config.resultsTopic(), Consumed.with(strings, resultSerde).withName("results"))
                .flatMap((requestId, result) -> CreatedOrders.orderId(result)
                        .map(orderId -> java.util.List.of(org.apache.kafka.streams.KeyValue.pair(orderId, requestId)))
                        .orElse(java.util.List.of()), Named.as("created-order-to-request"))
                .repartition(Repartitioned.<String, String>as("results-by-order").withKeySerde(strings)
                        .withValueSerde(strings).withNumberOfPartitions(config.partitions()))
                .toTable(Named.as("request-by-order-table"), Materialized
                        .<String, String, KeyValueStore<Bytes, byte[]>>as(REQUEST_BY_ORDER_STORE)
                        .withKeySerde(strings).withValueSerde(strings));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ORDER_STATE_STORE),
                strings, JsonSerde.of(OrderView.class)));

        builder.stream(config.rawTopic(), Consumed.with(strings, rawSerde).withName("raw-webhooks"))
                // what the webhook says about which order; unknown types, brands, campaigns: no state change
                .flatMapValues(raw -> parse.from(raw).stream().toList(), Named.as("parse"))
                .selectKey((objectId, seen) -> seen.orderId(), Named.as("key-by-order"))
                .repartition(Repartitioned.<String, Observation>as("observations-by-order").withKeySerde(strings)
                        .withValueSerde(observations).withNumberOfPartitions(config.partitions()))
                .leftJoin(requestByOrder, Observation::withRequestId,
                        Joined.<String, Observation, String>with(strings, observations, strings).withName("correlate"))
                // dedupe, drop out-of-order, previous → new state, keep the current view
                .process(() -> new OrderStateProcessor(meters), Named.as("apply-to-order-state"), ORDER_STATE_STORE)
                .to(config.orderStatesTopic(), Produced.with(strings, stateSerde).withName("order-states"));

        return builder.build();
    }
}
