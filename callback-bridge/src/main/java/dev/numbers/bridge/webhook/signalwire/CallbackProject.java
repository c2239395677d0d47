package dev.numbers.bridge.webhook.signalwire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import dev.numbers.bridge.webhook.WebhookRejected;
import dev.numbers.bridge.webhook.WebhookRejected.Reason;
import java.io.IOException;

/**
 * The {@code project_id} a 10DLC status callback names (top level of the body, per the callback's model in
 * {@code specs/}), read before the signature is checked because it chooses the key to check it with. Read with a
 * streaming parser: the body is not trusted yet, so it is not bound to anything. The signature covers the body, so a
 * caller cannot swap the project of a signed callback without that project's key.
 *
 * <p>A body naming {@code project_id} twice is refused: the key would be chosen by one occurrence while the parser
 * that builds the event keeps the other, so a holder of one project's key could sign callbacks that speak for
 * another project.
 */
final class CallbackProject {

    private static final JsonFactory JSON = new JsonFactory();

    private CallbackProject() {
    }

    /** The top-level {@code project_id} string, or null when the body is not a JSON object or names none. */
    static String of(final byte[] body) {
        String projectId = null;
        boolean seen = false;
        try (var parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (var token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                final var field = parser.currentName();
                final var value = parser.nextToken();
                if ("project_id".equals(field)) {
                    if (seen) {
                        throw WebhookRejected.invalid(Reason.DUPLICATE_FIELD,
                                "field project_id appears more than once");
                    }
                    seen = true;
                    projectId = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return projectId;
        } catch (IOException notJson) {
            return null;
        }
    }
}
