package dev.numbers.connector.executor;

import dev.numbers.connector.observe.RequestTracing;
import dev.numbers.schemas.avro.NumberResult;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Results as records of the results topic, keyed by request_id. */
public final class ResultRecords {

    private final String topic;
    private final Serializer<NumberResult> serializer;

    public ResultRecords(final String topic, final Serializer<NumberResult> serializer) {
        this.topic = topic;
        this.serializer = serializer;
    }

    ProducerRecord<byte[], byte[]> result(final NumberResult result) {
        // Built while the request's span is current (the loop's dispatch), so the result carries the request's trace.
        final var key = result.getRequestId().toString().getBytes(StandardCharsets.UTF_8);
        return RequestTracing.traced(new ProducerRecord<>(topic, null, key, serializer.serialize(topic, result)));
    }

    /** Encoded size of the record: key plus value. */
    int size(final NumberResult result) {
        final var record = result(result);
        return record.key().length + record.value().length;
    }
}
