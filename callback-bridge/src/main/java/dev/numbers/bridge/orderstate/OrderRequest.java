package dev.numbers.bridge.orderstate;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The request that created an order, as the connector's result named it: its request_id and the W3C
 * {@code traceparent} of the result record (null when the result carried none). Stored as JSON per order id.
 */
public record OrderRequest(String requestId, String traceparent) {

    /**
     * JSON, reading also what the store held before the trace was kept: the bare request_id as a UTF-8 string. So an
     * upgraded bridge reads its existing store and changelog instead of failing on every old entry.
     */
    static Serde<OrderRequest> serde() {
        final var json = new JsonSerde<>(OrderRequest.class);
        final Deserializer<OrderRequest> tolerant = (topic, data) -> {
            if (data == null) {
                return null;
            }
            return data.length > 0 && data[0] == '{' ? json.deserializer().deserialize(topic, data)
                    : new OrderRequest(new String(data, StandardCharsets.UTF_8), null);
        };
        return Serdes.serdeFrom(json.serializer(), tolerant);
    }
}
