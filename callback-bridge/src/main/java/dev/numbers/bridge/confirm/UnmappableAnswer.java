package dev.numbers.bridge.confirm;

/**
 * A provider answered a poll with 200 and a body that cannot be mapped (not JSON, wrong types, too large): the poller
 * dead-letters the body instead of guessing, and polls the order again after the next period.
 */
final class UnmappableAnswer extends Exception {

    private static final long serialVersionUID = 1L;

    private final String url;
    private final transient byte[] body;

    UnmappableAnswer(final String url, final byte[] body, final String message) {
        super(message, null, false, false);
        this.url = url;
        this.body = body;
    }

    String url() {
        return url;
    }

    byte[] body() {
        return body;
    }
}
