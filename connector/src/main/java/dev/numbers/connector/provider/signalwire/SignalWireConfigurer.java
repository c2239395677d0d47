package dev.numbers.connector.provider.signalwire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.connector.operation.NumberSettings;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.Classifier;
import dev.numbers.connector.provider.Configurations;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderCaller;
import dev.numbers.connector.provider.Reconciliation;
import io.micronaut.http.HttpRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * Holds a SignalWire number's settings: finds the number in the project (by E.164 or id), compares, and sends
 * {@code PUT /phone_numbers/{id}} with only the fields that differ; nothing when none does. A number the project
 * does not list is {@code not_owned}, without a write.
 */
final class SignalWireConfigurer {

    private final URI base;
    private final ProviderCaller caller;
    private final Classifier classifier;
    private final SignalWireLookups lookups;
    private final BiFunction<URI, String, HttpRequest<?>> put;

    SignalWireConfigurer(final URI base, final ProviderCaller caller, final Classifier classifier,
                         final SignalWireLookups lookups, final BiFunction<URI, String, HttpRequest<?>> put) {
        this.base = base;
        this.caller = caller;
        this.classifier = classifier;
        this.lookups = lookups;
        this.put = put;
    }

    /** Exactly one of {@code number} and {@code id} is set. */
    Outcome configure(final String number, final String id, final NumberSettings settings) {
        final var found = number != null ? lookups.purchasedNumber(number) : lookups.ownedNumber(id);
        final JsonNode current;
        switch (found) {
            case Reconciliation.Found f -> current = Json.parse(f.body());
            case Reconciliation.NotFound ignored -> {
                return Configurations.notOwned(number != null ? number : id,
                        number != null ? "operation.number" : "operation.phone_number_id", 1);
            }
            case Reconciliation.Undecided undecided -> {
                return classifier.classify(undecided.exchange(), body -> null);
            }
        }
        final var numberId = Json.text(current, "id");
        final var e164 = Json.text(current, "number");
        final var changed = Configurations.changes(settings, current::get);
        if (changed.isEmpty()) {
            return new Outcome.Succeeded(Configurations.configured(numberId, e164, Configurations.UNCHANGED,
                    changed), current.toString(), 1);
        }
        final var body = Json.MAPPER.createObjectNode();
        changed.forEach(field -> body.set(field, Json.MAPPER.valueToTree(settings.fields().get(field))));
        final var text = body.toString();
        final var target = URI.create(base + "/phone_numbers/" + URLEncoder.encode(numberId, StandardCharsets.UTF_8));
        // PUT of the same settings is idempotent, so an answer lost in transit is simply sent again.
        final var exchange = caller.call("configure", () -> put.apply(target, text));
        final var outcome = classifier.classify(exchange,
                answer -> Configurations.configured(numberId, e164, Configurations.APPLIED, changed));
        return switch (outcome) {
            case Outcome.Succeeded s -> new Outcome.Succeeded(s.resource(), s.providerPayload(), s.attempts() + 1);
            case Outcome.Rejected r -> new Outcome.Rejected(r.errors(), r.providerPayload(), r.attempts() + 1);
            case Outcome.Failed f -> new Outcome.Failed(f.errors(), f.providerPayload(), f.attempts() + 1);
        };
    }
}
