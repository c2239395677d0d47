package dev.numbers.connector.executor;

import dev.numbers.schemas.avro.NumberResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Results to and from their Avro bytes, without a registry. */
public final class Avro {

    private Avro() {
    }

    public static byte[] bytes(final NumberResult result) {
        try {
            final ByteBuffer buffer = result.toByteBuffer();
            final var bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NumberResult decoded(final ProducerRecord<byte[], byte[]> record) {
        try {
            return NumberResult.fromByteBuffer(ByteBuffer.wrap(record.value()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
