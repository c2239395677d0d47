package dev.numbers.bridge.orderstate;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What reaches {@link OrderStateProcessor} for one order id, through the one repartition topic: either a state change
 * a webhook or poll reported, or the request that created the order (from the connector's result). Both go through the
 * same processor and store, so whichever arrives first, the other finds it there: that is how an event that came
 * before its request's result is correlated when the result arrives.
 *
 * <p>Exactly one of the two is set. A plain record rather than a sealed pair because it travels as JSON.
 */
public record OrderInput(StateChange change, OrderRequest request) {

    static OrderInput of(final StateChange change) {
        return new OrderInput(change, null);
    }

    static OrderInput of(final OrderRequest request) {
        return new OrderInput(null, request);
    }

    /**
     * JSON, reading also what the repartition topic held before requests shared it: a bare {@link StateChange}. So an
     * upgraded bridge reads the records still in flight instead of dead-lettering them.
     */
    static Serde<OrderInput> serde() {
        final var json = new JsonSerde<>(OrderInput.class);
        final Deserializer<OrderInput> tolerant = (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                final var tree = JsonSerde.JSON.readTree(data);
                return tree.has("change") || tree.has("request") ? JsonSerde.JSON.treeToValue(tree, OrderInput.class)
                        : of(JsonSerde.JSON.treeToValue(tree, StateChange.class));
            } catch (IOException e) {
                throw new SerializationException("cannot read an order input from JSON", e);
            }
        };
        return Serdes.serdeFrom(json.serializer(), tolerant);
    }
}
