package dev.numbers.connector.loop;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The DLQ copy of a record that cannot be decoded: original key, value and headers plus numbers.error.* headers. */
final class DeadLetters {

    static final String PREFIX = "numbers.error.";

    private DeadLetters() {
    }

    static ProducerRecord<byte[], byte[]> of(final String dlqTopic, final ConsumerRecord<byte[], byte[]> record,
                                              final Exception cause) {
        final var copy = new ProducerRecord<>(dlqTopic, null, record.key(), record.value(), record.headers());
        header(copy, "topic", record.topic());
        header(copy, "partition", Integer.toString(record.partition()));
        header(copy, "offset", Long.toString(record.offset()));
        header(copy, "exception", cause.getClass().getName());
        header(copy, "message", String.valueOf(cause.getMessage()));
        return copy;
    }

    private static void header(final ProducerRecord<byte[], byte[]> record, final String name, final String value) {
        record.headers().add(PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
    }
}
