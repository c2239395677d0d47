package dev.numbers.connector.loop;

import dev.numbers.connector.observe.RequestTracing;
import dev.numbers.schemas.avro.NumberResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Results as records of the results topic, keyed by request_id. */
final class ResultRecords {

    private final String topic;
    private final Serializer<NumberResult> serializer;

    ResultRecords(final String topic, final Serializer<NumberResult> serializer) {
        this.topic = topic;
        this.serializer = serializer;
    }

    ProducerRecord<byte[], byte[]> result(final NumberResult result) {
        // Built while the request's span is current (RequestLoop), so the result carries the request's trace.
        return RequestTracing.traced(
                new ProducerRecord<>(topic, null, RequestHandler.key(result), serializer.serialize(topic, result)));
    }

    /** Encoded size of the record: key plus value. */
    int size(final NumberResult result) {
        final var record = result(result);
        return record.key().length + record.value().length;
    }
}
