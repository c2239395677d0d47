package dev.numbers.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A {@link BinaryDecoder} over one record's bytes that refuses lengths and counts the bytes left cannot hold.
 *
 * <p>Avro allocates before it reads: a corrupt string length or array/map count becomes a {@code byte[]} or
 * {@code Object[]} of up to 2 GiB, an OutOfMemoryError that can hit any thread. Here such a claim ends in an
 * {@link EOFException} instead, before any allocation. Counts are checked on the assumption that every array item and
 * map entry takes at least one byte, which holds for every contract in this module (no arrays of null or of empty
 * records).
 */
final class BoundedDecoder extends Decoder {

    private BinaryDecoder in;

    BoundedDecoder wrap(final BinaryDecoder decoder) {
        this.in = decoder;
        return this;
    }

    boolean isEnd() throws IOException {
        return in.isEnd();
    }

    private int length(final String what) throws IOException {
        final long length = in.readLong();
        if (length < 0) {
            throw new AvroRuntimeException("Malformed data: " + what + " length is negative: " + length);
        }
        final int remaining = in.remainingBytes();
        if (length > remaining) {
            throw new EOFException(what + " claims " + length + " bytes, only " + remaining + " left");
        }
        return (int) length;
    }

    private long count(final long count, final String what) throws EOFException {
        final int remaining = in.remainingBytes();
        if (count > remaining) {
            throw new EOFException(what + " claims " + count + " items, only " + remaining + " bytes left");
        }
        return count;
    }

    @Override
    public Utf8 readString(final Utf8 old) throws IOException {
        final int length = length("string");
        final var result = old != null ? old : new Utf8();
        result.setByteLength(length);
        if (length > 0) {
            in.readFixed(result.getBytes(), 0, length);
        }
        return result;
    }

    @Override
    public String readString() throws IOException {
        final int length = length("string");
        final var bytes = new byte[length];
        in.readFixed(bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(length("string"));
    }

    @Override
    public ByteBuffer readBytes(final ByteBuffer old) throws IOException {
        final int length = length("bytes");
        final ByteBuffer result = old != null && old.capacity() >= length ? old.clear() : ByteBuffer.allocate(length);
        in.readFixed(result.array(), result.arrayOffset() + result.position(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(length("bytes"));
    }

    @Override
    public long readArrayStart() throws IOException {
        return count(in.readArrayStart(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return count(in.arrayNext(), "array");
    }

    @Override
    public long readMapStart() throws IOException {
        return count(in.readMapStart(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return count(in.mapNext(), "map");
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void readFixed(final byte[] bytes, final int start, final int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(final int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
