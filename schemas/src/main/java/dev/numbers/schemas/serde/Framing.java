package dev.numbers.schemas.serde;

/** The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then Avro binary. */
final class Framing {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_LENGTH = 5;

    private Framing() {
    }

    static int schemaId(final byte[] data) {
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
