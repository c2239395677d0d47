package dev.numbers.sandbox.cli;

import dev.numbers.schemas.serde.RegistryUnavailableException;
import org.apache.kafka.common.errors.TimeoutException;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;

/** A failure the user can act on, and the one-line message for any other failure (never a stack trace). */
public final class CliFailure extends RuntimeException {

    public CliFailure(final String message) {
        super(message);
    }

    static String describe(final Throwable failure) {
        Throwable cause = failure;
        while (cause != null) {
            switch (cause) {
                case CliFailure f -> {
                    return f.getMessage();
                }
                case TimeoutException t when String.valueOf(t.getMessage()).contains("not present in metadata") -> {
                    return "the topic does not exist, or the broker is unreachable: " + t.getMessage();
                }
                case TimeoutException t -> {
                    return "Kafka did not answer in time (is the broker at the bootstrap address running?): "
                            + t.getMessage();
                }
                case RegistryUnavailableException r -> {
                    return "schema registry unavailable: " + r.getMessage();
                }
                case ConnectException c -> {
                    return "connection refused: " + c.getMessage();
                }
                case HttpConnectTimeoutException h -> {
                    return "connection timed out: " + h.getMessage();
                }
                default -> cause = cause.getCause();
            }
        }
        final var message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
