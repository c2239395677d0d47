package dev.numbers.schemas.serde;

import java.util.OptionalInt;

/**
 * The schema registry answered with an error the serde cannot hide (401/403, subject or schema not found when
 * auto-registration is off, an unexpected 4xx). The message is the registry's own, never a credential.
 */
public sealed class SchemaRegistryException extends AvroSerdeException
        permits RegistryUnavailableException, IncompatibleSchemaException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    SchemaRegistryException(final String message, final int httpStatus, final int errorCode, final Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status of the registry answer; empty when no answer was received. */
    public OptionalInt httpStatus() {
        return httpStatus <= 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** Confluent {@code error_code} of the answer (e.g. 40401 subject not found, 40403 schema not found). */
    public OptionalInt errorCode() {
        return errorCode <= 0 ? OptionalInt.empty() : OptionalInt.of(errorCode);
    }
}
