package dev.numbers.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** The registry refused or could not answer a request; subclasses say which. Never carries credentials. */
public class SchemaRegistryException extends SerializationException {

    private final int httpStatus;

    public SchemaRegistryException(final String message, final int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public SchemaRegistryException(final String message, final int httpStatus, final Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status the registry answered, or 0 when it did not answer at all. */
    public int httpStatus() {
        return httpStatus;
    }
}
