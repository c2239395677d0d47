package dev.numbers.bridge.ingest;

/** Kafka did not acknowledge the raw webhook in time: the provider must get 503 and retry. */
public final class SinkUnavailable extends Exception {

    private static final long serialVersionUID = 1L;

    public SinkUnavailable(final String message, final Throwable cause) {
        super(message, cause);
    }
}
