package dev.numbers.connector.provider.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderCaller;
import dev.numbers.connector.provider.Reconciliation;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.stream.Collectors;

/** Finds at Telnyx what an earlier, unanswered number order may have done: the order with our customer_reference. */
final class TelnyxOrderLookup {

    /** Bounds of one reconciliation lookup: it reads every page of the matches, or decides nothing. */
    private static final int LOOKUP_PAGES = 100;
    private static final Duration LOOKUP_TIME = Duration.ofSeconds(30);
    private static final int PAGE_SIZE = 250;

    private final String base;
    private final ProviderCaller caller;
    private final ProviderAccount account;

    TelnyxOrderLookup(final String base, final ProviderCaller caller, final ProviderAccount account) {
        this.base = base;
        this.caller = caller;
        this.account = account;
    }

    /**
     * The order whose customer_reference is ours, read from every page of the matches (bounded by {@link #LOOKUP_PAGES}
     * and {@link #LOOKUP_TIME}). A producer-given reference may be shared by several orders, so only an order with
     * the same numbers counts, and two such orders cannot be told apart: that is Undecided, never a guess (the post is
     * not sent; the lookup is retried and the request ends FAILED outcome_unknown naming what was seen). The answer is
     * wrapped like the POST's ({"data": order}).
     */
    Reconciliation orderByReference(final String reference, final Operation.NumberOrder order) {
        final var wanted = order.phoneNumbers().stream().map(Operation.OrderedNumber::phoneNumber)
                .collect(Collectors.toSet());
        final var matches = new ArrayList<JsonNode>();
        final long deadline = System.nanoTime() + LOOKUP_TIME.toNanos();
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            if (page > LOOKUP_PAGES || System.nanoTime() > deadline) {
                return undecided("the customer_reference lookup stopped after " + (page - 1) + " of " + pages
                        + " pages (" + matches.size() + " matching order(s) so far)");
            }
            final var uri = base + "/number_orders?filter%5Bcustomer_reference%5D="
                    + URLEncoder.encode(reference, StandardCharsets.UTF_8)
                    + "&page%5Bnumber%5D=" + page + "&page%5Bsize%5D=" + PAGE_SIZE;
            final var exchange = caller.send("reconcile_number_order", HttpRequest.GET(uri)
                    .accept(MediaType.APPLICATION_JSON_TYPE).bearerAuth(account.secret().value()));
            if (!(exchange instanceof Exchange.Answered answered) || answered.status() / 100 != 2) {
                return new Reconciliation.Undecided(exchange);
            }
            try {
                final var json = Json.parse(answered.body());
                for (final var item : json.path("data")) {
                    final var numbers = new HashSet<String>();
                    item.path("phone_numbers").forEach(n -> numbers.add(Json.text(n, "phone_number")));
                    if (numbers.equals(wanted)) {
                        matches.add(item);
                    }
                }
                pages = Math.max(pages, json.path("meta").path("total_pages").asInt(1));
            } catch (RuntimeException unreadable) {
                return undecided("unreadable lookup answer");
            }
        }
        if (matches.size() > 1) {
            return undecided(matches.size() + " orders with customer_reference " + reference + " and these numbers ("
                    + matches.stream().map(m -> Json.text(m, "id")).toList()
                    + "); cannot tell which is this request's");
        }
        if (matches.isEmpty()) {
            return new Reconciliation.NotFound();
        }
        final var wrapped = Json.MAPPER.createObjectNode();
        wrapped.set("data", matches.getFirst());
        return new Reconciliation.Found(wrapped.toString());
    }

    private static Reconciliation undecided(final String seen) {
        return new Reconciliation.Undecided(new Exchange.Unreachable(seen, 1));
    }
}
