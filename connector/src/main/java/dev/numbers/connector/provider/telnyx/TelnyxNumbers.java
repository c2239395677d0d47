package dev.numbers.connector.provider.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.Classifier;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderCaller;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the account's Telnyx numbers before anything is written to one: by E.164 ({@code filter[phone_number]},
 * only an exact match counts) or by id ({@code GET /phone_numbers/{id}}, 404 is missing). Configure and delete both
 * ask here first, so a number the account does not hold is never written to.
 */
final class TelnyxNumbers {

    /** What a read of one Telnyx resource found. */
    sealed interface Read {
        record Got(JsonNode data) implements Read {
        }

        record Missing() implements Read {
        }

        /** No usable answer: the outcome to end the request with. */
        record Stopped(Outcome outcome) implements Read {
        }
    }

    private final String base;
    private final ProviderCaller caller;
    private final Classifier classifier;
    private final ProviderAccount account;

    TelnyxNumbers(final String base, final ProviderCaller caller, final Classifier classifier,
                  final ProviderAccount account) {
        this.base = base;
        this.caller = caller;
        this.classifier = classifier;
        this.account = account;
    }

    /** The number's {@code data}; exactly one of {@code number} and {@code id} is set. */
    Read find(final String number, final String id) {
        return number != null ? byNumber(number) : read("get_phone_number", uri(id));
    }

    Read byNumber(final String e164) {
        final var uri = base + "/phone_numbers?filter%5Bphone_number%5D=" + URLEncoder.encode(e164,
                StandardCharsets.UTF_8);
        final var listed = read("find_phone_number", uri);
        if (!(listed instanceof Read.Got got)) {
            return listed;
        }
        for (final var item : got.data()) {
            if (e164.equals(Json.text(item, "phone_number"))) {
                return new Read.Got(item);
            }
        }
        return new Read.Missing();
    }

    /** {@code data} of a GET; 404 is Missing. */
    Read read(final String operation, final String uri) {
        final var exchange = caller.call(operation, () -> HttpRequest.GET(uri)
                .accept(MediaType.APPLICATION_JSON_TYPE).bearerAuth(account.secret().value()));
        if (exchange instanceof Exchange.Answered answered && answered.status() == 404) {
            return new Read.Missing();
        }
        if (!(exchange instanceof Exchange.Answered answered) || answered.status() / 100 != 2) {
            return new Read.Stopped(classifier.classify(exchange, body -> null));
        }
        try {
            return new Read.Got(Json.parse(answered.body()).path("data"));
        } catch (RuntimeException unreadable) {
            return new Read.Stopped(classifier.classify(exchange, body -> { throw unreadable; }));
        }
    }

    String uri(final String id) {
        return base + "/phone_numbers/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
