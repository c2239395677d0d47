package dev.numbers.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * These bytes will never decode into the reader's type, however often they are retried: the consumer routes the
 * record to its dead-letter topic with {@link #reason()}.
 */
public final class UndecodableRecordException extends SerializationException {

    public enum Reason {
        /** The first byte is not the Confluent magic byte 0: not written by a Confluent-protocol serializer. */
        BAD_MAGIC_BYTE,
        /**
         * Fewer than the 5 framing bytes, the Avro body ends before the record does, or a string length or collection
         * count claims more than the bytes left.
         */
        TRUNCATED,
        /** The registry has no schema with the id in the frame. */
        UNKNOWN_SCHEMA_ID,
        /** The writer schema cannot be resolved to the reader's class (another record type, or incompatible). */
        WRONG_TYPE,
        /** The body does not decode with its writer schema, or leaves bytes over. */
        CORRUPT_PAYLOAD
    }

    private final Reason reason;
    private final String topic;
    private final int schemaId;

    public UndecodableRecordException(
            final Reason reason, final String topic, final int schemaId, final String detail, final Throwable cause) {
        super("undecodable record on " + topic + " (" + reason
                + (schemaId >= 0 ? ", schema id " + schemaId : "") + "): " + detail, cause);
        this.reason = reason;
        this.topic = topic;
        this.schemaId = schemaId;
    }

    public Reason reason() {
        return reason;
    }

    public String topic() {
        return topic;
    }

    /** The schema id read from the frame, or -1 when the frame was too short or had a bad magic byte. */
    public int schemaId() {
        return schemaId;
    }
}
