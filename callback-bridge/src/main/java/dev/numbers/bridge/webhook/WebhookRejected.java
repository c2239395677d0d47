package dev.numbers.bridge.webhook;

import java.util.Locale;

/**
 * A webhook the bridge refuses, with the HTTP status the provider gets back, a message safe to show it and the reason
 * it is counted under.
 *
 * <p>The message never contains a key or a signature: providers and proxies log response bodies.
 */
public final class WebhookRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a webhook was refused: the {@code reason} tag of {@code bridge.webhooks.rejected}, a closed set. */
    public enum Reason {
        SIGNATURE(401),
        /** A SignalWire callback of a project no configured account names. */
        UNKNOWN_ACCOUNT(401),
        TOO_LARGE(413),
        MEDIA_TYPE(415),
        NOT_JSON(400),
        MISSING_FIELD(400),
        WRONG_TYPE(400),
        BAD_ID(400),
        BAD_STATE(400),
        BAD_TIMESTAMP(400),
        TIMESTAMP_OUT_OF_RANGE(400),
        BAD_PHONE_NUMBER(400),
        /** A field that must appear once appears twice (SignalWire's project_id, which chooses the key). */
        DUPLICATE_FIELD(400),
        TOO_LONG(400);

        private final int status;

        Reason(final int status) {
            this.status = status;
        }

        /** The metric tag: lowercase, like every other tag value. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    private WebhookRejected(final Reason reason, final String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public static WebhookRejected unauthorized(final String message) {
        return new WebhookRejected(Reason.SIGNATURE, message);
    }

    /** A 401 for a webhook of an account the bridge has no key for. */
    public static WebhookRejected unknownAccount(final String message) {
        return new WebhookRejected(Reason.UNKNOWN_ACCOUNT, message);
    }

    /** A 400 (or, for the size and media type reasons, 413/415) naming what is wrong. */
    public static WebhookRejected invalid(final Reason reason, final String message) {
        return new WebhookRejected(reason, message);
    }

    public static WebhookRejected tooLarge(final long limitBytes) {
        return new WebhookRejected(Reason.TOO_LARGE, "body larger than the limit of " + limitBytes + " bytes");
    }

    public int status() {
        return reason.status;
    }

    public Reason reason() {
        return reason;
    }
}
