package dev.numbers.bridge.orderstate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * Decides what a dying stream thread gets: a replacement, up to {@code max} within {@code window}; after that the
 * client shuts down, because a failure that keeps coming back is not transient and replacing forever would hide it
 * while order states stop. Remembers the last failure for health.
 */
final class ThreadReplacements {

    /** The last failure, as health shows it: exception class and message, never a stack trace. */
    record Failure(Instant at, String exception, String message) {
    }

    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private volatile Failure last;

    ThreadReplacements(final int max, final Duration window, final Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    synchronized StreamThreadExceptionResponse onFailure(final Throwable error) {
        final var now = clock.instant();
        final var cause = causeOf(error);
        last = new Failure(now, cause.getClass().getName(), String.valueOf(cause.getMessage()));
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(window))) {
            recent.removeFirst();
        }
        if (recent.size() >= max) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recent.addLast(now);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    Failure last() {
        return last;
    }

    synchronized int inWindow() {
        return recent.size();
    }

    /**
     * Streams wraps the cause in StreamsException layers, and the cause's own causes are often too low-level to act
     * on (a ConnectException under "registry unreachable"): health names the first exception that is not Streams'.
     */
    private static Throwable causeOf(final Throwable error) {
        var current = error;
        for (int depth = 0; current instanceof StreamsException && current.getCause() != null && depth < 16; depth++) {
            current = current.getCause();
        }
        return current;
    }
}
