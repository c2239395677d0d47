package dev.numbers.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A reusable, unsynchronized byte sink: {@link java.io.ByteArrayOutputStream} takes a lock on every byte the direct
 * encoder writes, which costs more than the encoding itself. One per thread, never shared.
 */
final class GrowableBytes extends OutputStream {

    private byte[] buffer = new byte[256];
    private int size;

    void reset() {
        size = 0;
    }

    @Override
    public void write(final int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    void writeInt(final int value) {
        ensure(4);
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(final int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
