package dev.numbers.connector.provider.telnyx;

import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderCaller;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import java.util.List;

/**
 * Holds a search candidate for this account before it is ordered ({@code POST /number_reservations}, with the
 * request's customer_reference), so a buyer racing between search and order cannot take it: a number the provider
 * will not hold for us went elsewhere and the next candidate is tried without an order. Candidates are held one at
 * a time, so the connector never holds numbers it will not order; Telnyx lets a hold expire by itself.
 */
final class TelnyxReservation {

    /** What a reservation attempt found. */
    sealed interface Hold {
        /** Held for this account until the reservation expires. */
        record Held(String reservationId) implements Hold {
        }

        /** The provider would not hold it: sold or held for someone else. */
        record Taken() implements Hold {
        }

        /** No usable answer: the order goes ahead unheld, as without reservations. */
        record Unknown() implements Hold {
        }
    }

    private final String base;
    private final ProviderCaller caller;
    private final ProviderAccount account;

    TelnyxReservation(final String base, final ProviderCaller caller, final ProviderAccount account) {
        this.base = base;
        this.caller = caller;
        this.account = account;
    }

    Hold reserve(final String number, final String customerReference) {
        final var json = Json.MAPPER.createObjectNode();
        json.putArray("phone_numbers").addObject().put("phone_number", number);
        json.put("customer_reference", customerReference);
        final var body = Json.write(json);
        // A repeated reservation of a number this account holds holds it again: retrying it is harmless.
        final var exchange = caller.call("reserve", () -> HttpRequest.POST(base + "/number_reservations", body)
                .contentType(MediaType.APPLICATION_JSON_TYPE).accept(MediaType.APPLICATION_JSON_TYPE)
                .bearerAuth(account.secret().value()));
        if (!(exchange instanceof Exchange.Answered answered) || answered.status() / 100 != 2) {
            return new Hold.Unknown();
        }
        try {
            final var data = Json.parse(answered.body()).path("data");
            for (final var item : data.path("phone_numbers")) {
                if (number.equals(Json.text(item, "phone_number"))) {
                    return "success".equals(Json.text(item, "status")) ? new Hold.Held(Json.text(data, "id"))
                            : new Hold.Taken();
                }
            }
            return new Hold.Taken();
        } catch (RuntimeException unreadable) {
            return new Hold.Unknown();
        }
    }

    /** The answer for a candidate the provider would not hold: the search moves on to the next one. */
    static Outcome taken(final String number) {
        return new Outcome.Rejected(List.of(Errors.of(TelnyxOrderWait.NOT_AVAILABLE, "Number not available",
                number + " could not be reserved: sold or held for another buyer", "phone_number")), null, 1);
    }
}
