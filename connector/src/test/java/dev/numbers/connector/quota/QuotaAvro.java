package dev.numbers.connector.quota;

import dev.numbers.schemas.avro.QuotaEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** Quota entries to and from their Avro bytes, without a registry. */
final class QuotaAvro {

    private QuotaAvro() {
    }

    static byte[] bytes(final QuotaEntry entry) {
        try {
            final var buffer = entry.toByteBuffer();
            final var bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static QuotaEntry entry(final byte[] data) {
        try {
            return QuotaEntry.fromByteBuffer(ByteBuffer.wrap(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
