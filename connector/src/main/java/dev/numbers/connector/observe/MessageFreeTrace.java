package dev.numbers.connector.observe;

/**
 * A throwable's class names and stack frames without its messages, for logging an unexpected failure: an exception
 * message can carry whatever the failing code held (a request's fields, a token read from a file, a provider's
 * answer), and the log is read by more people than the secrets are meant for.
 */
public final class MessageFreeTrace extends RuntimeException {

    private static final int MOST_CAUSES = 16;

    private MessageFreeTrace(final Throwable original, final Throwable cause) {
        super(original.getClass().getName() + " (message withheld)", cause, false, true);
        setStackTrace(original.getStackTrace());
    }

    /** The same chain of causes (at most 16 deep), each with its class and frames, none with its message. */
    public static MessageFreeTrace of(final Throwable failure) {
        return copy(failure, 0);
    }

    private static MessageFreeTrace copy(final Throwable failure, final int depth) {
        final var cause = failure.getCause();
        final var copiedCause = cause == null || cause == failure || depth >= MOST_CAUSES ? null
                : copy(cause, depth + 1);
        return new MessageFreeTrace(failure, copiedCause);
    }
}
