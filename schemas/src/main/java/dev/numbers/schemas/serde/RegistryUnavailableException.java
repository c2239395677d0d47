package dev.numbers.schemas.serde;

/**
 * The registry could not be reached or answered 5xx. Transient: the record is fine, so callers retry or stop rather
 * than dead-letter it.
 */
public final class RegistryUnavailableException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    RegistryUnavailableException(final String message, final int httpStatus, final Throwable cause) {
        super(message, httpStatus, -1, cause);
    }
}
