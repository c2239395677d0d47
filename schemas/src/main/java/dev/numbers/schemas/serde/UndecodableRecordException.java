package dev.numbers.schemas.serde;

import java.util.OptionalInt;

/**
 * The bytes of a record cannot be turned into the expected Avro type, and never will be: retrying is pointless, the
 * connector routes the original bytes to its dead-letter topic.
 */
public final class UndecodableRecordException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    /** Why the bytes are undecodable. */
    public enum Reason {
        /** The first byte is not the Confluent magic byte 0: not written by a Confluent-protocol serializer. */
        BAD_MAGIC_BYTE,
        /** Fewer bytes than the 5-byte header, or the Avro body ends before the record does. */
        TRUNCATED,
        /** The registry does not know the schema id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The writer schema is a different record type than the reader expects, or cannot be resolved to it. */
        WRONG_TYPE,
        /** The Avro body does not match its writer schema (bad union index, negative length, trailing bytes...). */
        CORRUPT_PAYLOAD
    }

    private final Reason reason;
    private final int schemaId;

    UndecodableRecordException(final Reason reason, final Integer schemaId, final String message, final Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
        this.schemaId = schemaId == null ? -1 : schemaId;
    }

    public Reason reason() {
        return reason;
    }

    /** The schema id read from the header, when the header could be read. */
    public OptionalInt schemaId() {
        return schemaId < 0 ? OptionalInt.empty() : OptionalInt.of(schemaId);
    }
}
