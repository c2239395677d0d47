package dev.numbers.schemas.serde;

/**
 * The registry could not be reached or answered 5xx. Transient: the record is not at fault, so callers retry (or
 * stop) rather than dead-letter it.
 */
public final class RegistryUnavailableException extends SchemaRegistryException {

    public RegistryUnavailableException(final String message, final int httpStatus) {
        super(message, httpStatus);
    }

    public RegistryUnavailableException(final String message, final Throwable cause) {
        super(message, 0, cause);
    }
}
