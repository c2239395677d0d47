package dev.numbers.connector.provider.signalwire;

import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.Classifier;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.connector.provider.HttpClients;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderCaller;
import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.AssignmentOrderList;
import dev.numbers.schemas.avro.PaginationLinks;
import dev.numbers.schemas.avro.ProviderError;
import io.micronaut.http.HttpRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;

/**
 * Lists a campaign's assignment orders by following links.next to the end: all orders in one result, the links of
 * the last page kept. A links.next that cannot be followed (not a URI, off the configured host, back to a visited
 * page) or more pages than {@code connector.limits.max-list-pages} end the listing FAILED, keeping the orders read so
 * far.
 */
final class SignalWireOrderListing {

    private final URI base;
    private final ProviderCaller caller;
    private final Classifier classifier;
    private final SignalWireMapper mapper;
    private final Function<URI, HttpRequest<?>> get;
    private final int maxListPages;

    SignalWireOrderListing(final URI base, final ProviderCaller caller, final Classifier classifier,
                           final SignalWireMapper mapper, final Function<URI, HttpRequest<?>> get,
                           final int maxListPages) {
        this.base = base;
        this.caller = caller;
        this.classifier = classifier;
        this.mapper = mapper;
        this.get = get;
        this.maxListPages = maxListPages;
    }

    /** Every page from {@code first} on. */
    Outcome list(final URI first) {
        var uri = first;
        final var orders = new ArrayList<AssignmentOrder>();
        final var visited = new HashSet<URI>();
        int attempts = 0;
        while (true) {
            final var page = uri;
            visited.add(page);
            final var exchange = caller.call("list_orders", () -> get.apply(page));
            attempts += exchange.attempts();
            if (!(exchange instanceof Exchange.Answered answered) || answered.status() / 100 != 2) {
                final var outcome = classifier.classify(exchange.withAttempts(attempts), ignored -> null);
                if (visited.size() == 1) {
                    return outcome;
                }
                // The request was fine (its first page was served); a links.next that leads nowhere is the
                // provider's pagination failing, not a REJECTED request.
                final var errors = new ArrayList<ProviderError>();
                errors.add(Errors.of("bad_pagination", "Unfollowable links.next", "page "
                        + visited.size() + " (from links.next) could not be read; " + orders.size()
                        + " orders read on " + (visited.size() - 1) + " page(s)", "links.next"));
                errors.addAll(switch (outcome) {
                    case Outcome.Rejected r -> r.errors();
                    case Outcome.Failed f -> f.errors();
                    case Outcome.Succeeded ignored -> List.<ProviderError>of();
                });
                return new Outcome.Failed(errors, outcome.providerPayload(), attempts,
                        AssignmentOrderList.newBuilder().setData(orders).setLinks(null).build());
            }
            final var json = Json.parse(answered.body());
            final PaginationLinks links;
            try {
                orders.addAll(mapper.orders(json));
                links = mapper.links(json);
            } catch (RuntimeException unreadable) {
                return classifier.classify(exchange.withAttempts(attempts), body -> { throw unreadable; });
            }
            final var next = links == null ? null : links.getNext();
            final var read = AssignmentOrderList.newBuilder().setData(orders).setLinks(links).build();
            if (next == null) {
                return new Outcome.Succeeded(read, answered.body(), attempts);
            }
            if (visited.size() >= maxListPages) {
                return partial("too_many_pages", "Too many pages", "stopped after " + visited.size()
                        + " pages (connector.limits.max-list-pages) with " + orders.size() + " orders read", read,
                        answered.body(), attempts);
            }
            try {
                uri = page.resolve(next);
            } catch (IllegalArgumentException notAUri) {
                return partial("bad_pagination", "Unfollowable links.next", "links.next is not a URI; "
                        + orders.size() + " orders read on " + visited.size() + " page(s)", read, answered.body(),
                        attempts);
            }
            if (uri.getHost() == null || !HttpClients.sameOrigin(base, uri) || visited.contains(uri)) {
                // Credentials go only to the configured host; a loop in links.next would never end.
                return partial("bad_pagination", "Unfollowable links.next", "links.next points off the configured"
                        + " host or back to a visited page; " + orders.size() + " orders read on " + visited.size()
                        + " page(s)", read, answered.body(), attempts);
            }
        }
    }

    private static Outcome partial(final String code, final String title, final String detail,
                                   final AssignmentOrderList read, final String body, final int attempts) {
        return new Outcome.Failed(List.of(Errors.of(code, title, detail, "links.next")), body, attempts,
                read);
    }
}
