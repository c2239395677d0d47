package dev.numbers.connector.sim;

import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Results to and from their Avro bytes without a registry; keys as UTF-8. */
final class SimCodec {

    private SimCodec() {
    }

    static byte[] key(final NumberRequest request) {
        return request.getRequestId().toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(final NumberResult result) {
        try {
            final ByteBuffer buffer = result.toByteBuffer();
            final var bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NumberResult result(final byte[] value) {
        try {
            return NumberResult.fromByteBuffer(ByteBuffer.wrap(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
