package dev.numbers.bridge.webhook;

import dev.numbers.bridge.webhook.WebhookRejected.Reason;
import java.util.Locale;
import java.util.Map;

/** What is checked before a body is read at all: its size and its declared media type. */
final class BodyChecks {

    private final int maxBodyBytes;

    BodyChecks(final int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    void check(final byte[] body, final Map<String, String> headers) {
        if (body.length > maxBodyBytes) {
            throw WebhookRejected.tooLarge(maxBodyBytes);
        }
        // both providers send application/json; a missing header is tolerated (some proxies drop it), another type is
        // a client that is not the provider
        final var contentType = headers.get("content-type");
        if (contentType != null && !json(contentType)) {
            throw WebhookRejected.invalid(Reason.MEDIA_TYPE, "content type must be application/json");
        }
    }

    private static boolean json(final String contentType) {
        final var semicolon = contentType.indexOf(';');
        final var type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
