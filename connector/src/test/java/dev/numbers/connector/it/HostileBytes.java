package dev.numbers.connector.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Request values no well-behaved producer writes: broken framing, truncated or lying Avro, written by hand with
 * Avro's own encoder so each one is exactly the breakage its name says. {@code framed} is a valid request's value,
 * whose first five bytes carry the registered NumberRequest schema id.
 */
final class HostileBytes {

    /** Writes the operation part of a request by hand. */
    private interface Writes {
        void to(BinaryEncoder encoder) throws IOException;
    }

    private final byte[] framed;

    HostileBytes(final byte[] framed) {
        this.framed = framed.clone();
    }

    int schemaId() {
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    byte[] badMagicByte() {
        final var copy = framed.clone();
        copy[0] = 7;
        return copy;
    }

    byte[] truncated() {
        return Arrays.copyOf(framed, framed.length / 2);
    }

    byte[] headerOnly() {
        return Arrays.copyOf(framed, 5);
    }

    byte[] withSchemaId(final int id, final byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
    }

    /** The valid body followed by one byte: a writer schema with one more nullable field, null. */
    byte[] bodyWithTrailingNull(final int id) {
        final var body = Arrays.copyOfRange(framed, 5, framed.length);
        final var extended = Arrays.copyOf(body, body.length + 1);
        return withSchemaId(id, extended);
    }

    /** A campaign order whose phone_numbers block claims 2^40 items. */
    byte[] absurdArrayCount() {
        return request(e -> {
            e.writeIndex(1);
            e.writeString("3fa85f64-5717-4562-b3fc-2c963f66afa6");
            e.writeLong(1L << 40);
        });
    }

    /** A campaign order whose phone_numbers block has a negative count and no sizes. */
    byte[] negativeArrayCount() {
        return request(e -> {
            e.writeIndex(1);
            e.writeString("3fa85f64-5717-4562-b3fc-2c963f66afa6");
            e.writeLong(-5);
        });
    }

    /** An operation union branch that does not exist (far beyond the last member, so new members never reach it). */
    byte[] unknownUnionBranch() {
        return request(e -> {
            e.writeIndex(64);
        });
    }

    /** A purchase whose number claims two gigabytes. */
    byte[] hugeStringLength() {
        return request(e -> {
            e.writeIndex(0);
            e.writeLong(Integer.MAX_VALUE - 8L);
        });
    }

    /** A purchase whose number is not valid UTF-8 (a lone continuation byte, an overlong form). */
    byte[] invalidUtf8Number(final String requestId) {
        return request(requestId, e -> {
            e.writeIndex(0);
            e.writeBytes(new byte[] {'+', '1', (byte) 0x80, (byte) 0xC0, (byte) 0xAF, '2', '0', '2'});
            // configuration: null
            e.writeIndex(0);
        });
    }

    private byte[] request(final Writes operation) {
        return request("hostile-" + System.nanoTime(), operation);
    }

    /**
     * request_id, requested_at, tenant null, correlation_id null, the operation as written by the caller, then
     * account null (the contract's last field).
     */
    private byte[] request(final String requestId, final Writes operation) {
        final var out = new ByteArrayOutputStream();
        final var encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            encoder.writeString(requestId);
            encoder.writeLong(System.currentTimeMillis());
            encoder.writeIndex(0);
            encoder.writeIndex(0);
            operation.to(encoder);
            encoder.writeIndex(0);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withSchemaId(schemaId(), out.toByteArray());
    }
}
