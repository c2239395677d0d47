package dev.numbers.schemas.serde;

/**
 * The registry could not be reached, answered 5xx, refused our credentials (401/403) or throttled us (408/429). The
 * record is not at fault, so callers retry (or stop) rather than dead-letter it.
 */
public final class RegistryUnavailableException extends SchemaRegistryException {

    public RegistryUnavailableException(final String message, final int httpStatus) {
        super(message, httpStatus);
    }

    public RegistryUnavailableException(final String message, final Throwable cause) {
        super(message, 0, cause);
    }
}
