package dev.numbers.connector.provider.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.operation.NumberSettings;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.Classifier;
import dev.numbers.connector.provider.Configurations;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderCaller;
import dev.numbers.connector.provider.telnyx.TelnyxNumbers.Read;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Holds a Telnyx number's settings. Telnyx splits them over three resources, so each is read and written only when
 * one of its fields is asked for and differs: {@code PATCH /phone_numbers/{id}} (connection, tags, reference),
 * {@code /messaging} (messaging profile), {@code /voice} (CNAM listing, emergency). A number the account does not
 * list is {@code not_owned}, without a write.
 */
final class TelnyxConfigurer {

    private static final List<String> MESSAGING = List.of("messaging_profile_id");
    /** Voice fields by the object of the voice settings that holds them. */
    private static final Map<String, String> VOICE = Map.of("cnam_listing_enabled", "cnam_listing",
            "cnam_listing_details", "cnam_listing", "emergency_enabled", "emergency", "emergency_address_id",
            "emergency");

    private final ProviderCaller caller;
    private final Classifier classifier;
    private final ProviderAccount account;
    private final TelnyxNumbers numbers;

    TelnyxConfigurer(final ProviderCaller caller, final Classifier classifier, final ProviderAccount account,
                     final TelnyxNumbers numbers) {
        this.caller = caller;
        this.classifier = classifier;
        this.account = account;
        this.numbers = numbers;
    }

    /** Exactly one of {@code number} and {@code id} is set. */
    Outcome configure(final String number, final String id, final NumberSettings settings) {
        final var found = numbers.find(number, id);
        if (found instanceof Read.Missing) {
            return Configurations.notOwned(number != null ? number : id,
                    number != null ? "operation.number" : "operation.phone_number_id", 1);
        }
        if (found instanceof Read.Stopped stopped) {
            return stopped.outcome();
        }
        final var current = ((Read.Got) found).data();
        final var numberId = Json.text(current, "id");
        final var e164 = Json.text(current, "phone_number");
        int attempts = 1;
        final var changed = new ArrayList<String>();
        final var asked = settings.fields().keySet();
        JsonNode voice = null;
        if (asked.stream().anyMatch(VOICE::containsKey)) {
            final var read = read("get_phone_number_voice", numberUri(numberId) + "/voice");
            attempts++;
            if (!(read instanceof Read.Got got)) {
                return read instanceof Read.Stopped s ? s.outcome()
                        : Configurations.notOwned(e164, "operation.number", attempts);
            }
            voice = got.data();
        }
        final var voiceNow = voice;
        final var diff = Configurations.changes(settings, field -> VOICE.containsKey(field)
                ? voiceNow.path(VOICE.get(field)).get(field) : current.get(field));
        for (final var part : List.of("", "/messaging", "/voice")) {
            final var fields = diff.stream().filter(field -> part(field).equals(part)).toList();
            if (fields.isEmpty()) {
                continue;
            }
            final var body = Json.MAPPER.createObjectNode();
            for (final var field : fields) {
                final JsonNode value = Json.MAPPER.valueToTree(settings.fields().get(field));
                if (VOICE.containsKey(field)) {
                    final var group = VOICE.get(field);
                    (body.get(group) instanceof ObjectNode held ? held : body.putObject(group)).set(field, value);
                } else {
                    body.set(field, value);
                }
            }
            final var text = body.toString();
            final var uri = numberUri(numberId) + part;
            // PATCH of the same settings is idempotent, so an answer lost in transit is simply sent again.
            final var outcome = classifier.classify(caller.call("configure" + part.replace('/', '_'),
                    () -> HttpRequest.PATCH(uri, text).contentType(MediaType.APPLICATION_JSON_TYPE)
                            .accept(MediaType.APPLICATION_JSON_TYPE).bearerAuth(account.secret().value())),
                    answer -> null);
            attempts += outcome.attempts();
            switch (outcome) {
                case Outcome.Succeeded ignored -> changed.addAll(fields);
                case Outcome.Rejected r -> {
                    return new Outcome.Rejected(r.errors(), r.providerPayload(), attempts);
                }
                case Outcome.Failed f -> {
                    return new Outcome.Failed(f.errors(), f.providerPayload(), attempts);
                }
            }
        }
        final var ordered = diff.stream().filter(changed::contains).toList();
        return new Outcome.Succeeded(Configurations.configured(numberId, e164,
                ordered.isEmpty() ? Configurations.UNCHANGED : Configurations.APPLIED, ordered), null, attempts);
    }

    /** The path under the number that holds {@code field}: the number itself, /messaging or /voice. */
    private static String part(final String field) {
        return VOICE.containsKey(field) ? "/voice" : MESSAGING.contains(field) ? "/messaging" : "";
    }

    private String numberUri(final String id) {
        return numbers.uri(id);
    }

    private Read read(final String operation, final String uri) {
        return numbers.read(operation, uri);
    }
}
