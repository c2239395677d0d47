package dev.numbers.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Everything the Confluent-protocol Avro serde throws. Kafka clients and Streams already treat
 * {@link SerializationException} as "this record cannot be (de)serialized", so the hierarchy hangs below it;
 * callers that care switch on the sealed subtypes: {@link UndecodableRecordException} (the bytes are bad; route to a
 * DLQ) and {@link SchemaRegistryException} (the registry said no, or could not be reached).
 */
public abstract sealed class AvroSerdeException extends SerializationException
        permits UndecodableRecordException, SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    AvroSerdeException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
