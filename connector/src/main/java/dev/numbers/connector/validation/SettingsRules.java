package dev.numbers.connector.validation;

import dev.numbers.connector.operation.NumberSettings;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.schemas.avro.ProviderError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

/**
 * What a provider would refuse in a number configuration, checked before anything is bought or written: handler
 * names, HTTP methods, callback URLs (absolute http or https with a host), CNAM names, control characters. Field
 * names are reported under {@code prefix} (e.g. {@code operation.configuration}).
 */
final class SettingsRules {

    /** PhoneNumberCallHandlerRequest of the SignalWire spec. */
    private static final Set<String> CALL_HANDLERS = Set.of("relay_context", "relay_topic", "relay_script",
            "relay_application", "relay_connector", "relay_sip_endpoint", "relay_verto_endpoint", "laml_webhooks",
            "laml_application", "dialogflow", "video_room");
    /** PhoneNumberMessageHandler of the SignalWire spec. */
    private static final Set<String> MESSAGE_HANDLERS = Set.of("relay_context", "relay_topic", "relay_application",
            "laml_webhooks", "laml_application");
    private static final int MAX_TAGS = 50;
    private static final int MAX_CNAM = 15;

    private SettingsRules() {
    }

    static void check(final NumberSettings settings, final String prefix, final List<ProviderError> problems) {
        settings.fields().forEach((field, value) -> {
            final var where = prefix + "." + field;
            if (value instanceof List<?> tags) {
                if (tags.size() > MAX_TAGS) {
                    problems.add(Errors.of("invalid_configuration", "Too many tags", tags.size()
                            + " tags; at most " + MAX_TAGS, where));
                }
                tags.forEach(tag -> text(where, String.valueOf(tag), problems));
            } else if (value instanceof String text) {
                text(where, text, problems);
                rule(field, where, text, problems);
            }
        });
    }

    private static void rule(final String field, final String where, final String value,
                             final List<ProviderError> problems) {
        if (field.equals("call_handler") && !CALL_HANDLERS.contains(value)) {
            problems.add(invalid("Unknown call handler", "not a call handler: " + quoted(value), where));
        } else if (field.equals("message_handler") && !MESSAGE_HANDLERS.contains(value)) {
            problems.add(invalid("Unknown message handler", "not a message handler: " + quoted(value), where));
        } else if (field.endsWith("_method") && !value.equals("GET") && !value.equals("POST")) {
            problems.add(invalid("Invalid method", "GET or POST, not " + quoted(value), where));
        } else if (field.endsWith("_url") && !webUrl(value)) {
            problems.add(invalid("Invalid URL", "not an absolute http or https URL: " + quoted(value), where));
        } else if (field.equals("cnam_listing_details") && value.length() > MAX_CNAM) {
            problems.add(invalid("CNAM name too long", "at most " + MAX_CNAM + " characters", where));
        }
    }

    private static void text(final String where, final String value, final List<ProviderError> problems) {
        if (value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
            problems.add(invalid("Invalid value", "blank or with control characters", where));
        }
    }

    private static boolean webUrl(final String value) {
        try {
            final var uri = new URI(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static ProviderError invalid(final String title, final String detail, final String field) {
        return Errors.of("invalid_configuration", title, detail, field);
    }

    /** Values are cut short: a hostile value is named, not echoed whole into the result. */
    private static String quoted(final String value) {
        return "'" + (value.length() > 64 ? value.substring(0, 64) + "..." : value) + "'";
    }
}
