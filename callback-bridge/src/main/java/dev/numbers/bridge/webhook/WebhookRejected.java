package dev.numbers.bridge.webhook;

/**
 * A webhook the bridge refuses, with the HTTP status the provider gets back and a message safe to show it.
 *
 * <p>The message never contains a key or a signature: providers and proxies log response bodies.
 */
public final class WebhookRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    private WebhookRejected(final int status, final String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static WebhookRejected unauthorized(final String message) {
        return new WebhookRejected(401, message);
    }

    public static WebhookRejected malformed(final String message) {
        return new WebhookRejected(400, message);
    }

    public static WebhookRejected tooLarge(final long limitBytes) {
        return new WebhookRejected(413, "body larger than the limit of " + limitBytes + " bytes");
    }

    public int status() {
        return status;
    }
}
