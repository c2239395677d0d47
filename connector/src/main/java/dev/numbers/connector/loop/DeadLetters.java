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

    /**
     * The DLQ copy without the original value, for a record too large to be copied whole: the headers still say
     * where it is, so it can be read from its own topic while retention keeps it.
     */
    static ProducerRecord<byte[], byte[]> withoutValue(final String dlqTopic,
                                                        final ConsumerRecord<byte[], byte[]> record,
                                                        final Exception cause) {
        final var copy = new ProducerRecord<byte[], byte[]>(dlqTopic, null, null, null);
        header(copy, "topic", record.topic());
        header(copy, "partition", Integer.toString(record.partition()));
        header(copy, "offset", Long.toString(record.offset()));
        header(copy, "exception", cause.getClass().getName());
        header(copy, "message", String.valueOf(cause.getMessage()));
        header(copy, "value-dropped", "the record and its headers were too large to copy");
        return copy;
    }

    private static void header(final ProducerRecord<byte[], byte[]> record, final String name, final String value) {
        // Exception messages can quote the record; a header is not the place for a megabyte of it.
        final var bounded = value.length() <= 1024 ? value : value.substring(0, 1024) + "…";
        record.headers().add(PREFIX + name, bounded.getBytes(StandardCharsets.UTF_8));
    }
}
