package dev.numbers.bridge.orderstate;

/**
 * A raw record the topology cannot turn into a state change: a tombstone, or a body that fails the intake's checks
 * (written by something other than the intake, or before the checks existed). The processing exception handler sends
 * it to the webhook dead-letter topic with this message; nothing else happens to the order.
 */
final class UnreadableWebhook extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreadableWebhook(final String message) {
        super(message, null, false, false);
    }
}
