package dev.numbers.connector.provider.signalwire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.connector.provider.HttpClients;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderCaller;
import dev.numbers.connector.provider.Reconciliation;
import io.micronaut.http.HttpRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Finds at SignalWire what an earlier, unanswered call may have done: a purchased number in the project, or an
 * assignment order whose numbers are on the campaign.
 */
final class SignalWireLookups {

    /** Clocks of the connector and SignalWire differ; an order a little older than our first start is still ours. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    private static final int MAX_PAGES = 100;
    private static final Duration LOOKUP_TIME = Duration.ofSeconds(30);

    private final URI base;
    private final ProviderCaller caller;
    private final Function<URI, HttpRequest<?>> get;

    SignalWireLookups(final URI base, final ProviderCaller caller,
                      final Function<URI, HttpRequest<?>> get) {
        this.base = base;
        this.caller = caller;
        this.get = get;
    }

    /** filter_number matches substrings, so only an exact E.164 match counts as ours. */
    Reconciliation purchasedNumber(final String e164) {
        final var uri = URI.create(base + "/phone_numbers?filter_number=" + encode(e164));
        final var owned = pages("reconcile_purchase", uri, item -> e164.equals(Json.text(item, "number")));
        if (owned.failure().isPresent()) {
            return new Reconciliation.Undecided(owned.failure().get());
        }
        return owned.items().isEmpty() ? new Reconciliation.NotFound()
                : new Reconciliation.Found(owned.items().getFirst().toString());
    }

    /** The project's number with this SignalWire id: the API has no GET of one number, so the listing is walked. */
    Reconciliation ownedNumber(final String id) {
        final var owned = pages("find_phone_number", URI.create(base + "/phone_numbers?page_size=1000"),
                item -> id.equals(Json.text(item, "id")));
        if (owned.failure().isPresent()) {
            return new Reconciliation.Undecided(owned.failure().get());
        }
        return owned.items().isEmpty() ? new Reconciliation.NotFound()
                : new Reconciliation.Found(owned.items().getFirst().toString());
    }

    /** The campaign's assignment of this number, if it still has one. */
    Reconciliation assignment(final String campaignId, final String e164) {
        final var uri = URI.create(base + "/registry/beta/campaigns/" + encode(campaignId) + "/numbers?page_size=1000");
        final var assigned = pages("find_assignment", uri,
                item -> e164.equals(Json.text(item.path("phone_number"), "number")));
        if (assigned.failure().isPresent()) {
            return new Reconciliation.Undecided(assigned.failure().get());
        }
        return assigned.items().isEmpty() ? new Reconciliation.NotFound()
                : new Reconciliation.Found(assigned.items().getFirst().toString());
    }

    /**
     * An assignment order is found when every requested number is assigned to the campaign and exactly one order of
     * the campaign was created between our first attempt (less the clock skew) and now: SignalWire's orders do not
     * name their numbers, so with two or more candidates any pick could be another request's order. That is
     * Undecided, never a guess: nothing is posted, the lookup is retried and the request ends FAILED
     * outcome_unknown naming the candidates.
     */
    Reconciliation assignmentOrder(final String campaignId, final List<String> numbers, final Instant since) {
        final var campaign = base + "/registry/beta/campaigns/" + encode(campaignId);
        final var wanted = new HashSet<>(numbers);
        final var assigned = pages("reconcile_order", URI.create(campaign + "/numbers?page_size=1000"),
                item -> wanted.contains(Json.text(item.path("phone_number"), "number")));
        if (assigned.failure().isPresent()) {
            return new Reconciliation.Undecided(assigned.failure().get());
        }
        final var assignedNumbers = new HashSet<String>();
        assigned.items().forEach(item -> assignedNumbers.add(Json.text(item.path("phone_number"), "number")));
        if (!assignedNumbers.containsAll(wanted)) {
            return new Reconciliation.NotFound();
        }
        final var earliest = since.minus(CLOCK_SKEW);
        final var orders = pages("reconcile_order", URI.create(campaign + "/orders?page_size=1000"), item -> {
            final var created = Json.instant(item, "created_at");
            return created == null || !created.isBefore(earliest);
        });
        if (orders.failure().isPresent()) {
            return new Reconciliation.Undecided(orders.failure().get());
        }
        if (orders.items().size() > 1) {
            return new Reconciliation.Undecided(new Exchange.Unreachable(orders.items().size() + " orders of campaign "
                    + campaignId + " were created since " + earliest + " ("
                    + orders.items().stream().map(o -> Json.text(o, "id")).limit(20).toList()
                    + "); SignalWire's orders do not name their numbers, so which is this request's cannot be told",
                            1));
        }
        return orders.items().stream().findFirst()
                .<Reconciliation>map(order -> new Reconciliation.Found(order.toString()))
                .orElseGet(Reconciliation.NotFound::new);
    }

    /** Every item of every page that {@code keep} accepts; the failure is the exchange that stopped the walk. */
    private Page pages(final String operation, final URI first, final Predicate<JsonNode> keep) {
        final var items = new ArrayList<JsonNode>();
        final var visited = new HashSet<URI>();
        final long deadline = System.nanoTime() + LOOKUP_TIME.toNanos();
        var uri = first;
        for (int page = 0; page < MAX_PAGES; page++) {
            visited.add(uri);
            final var exchange = caller.send(operation, get.apply(uri));
            if (!(exchange instanceof Exchange.Answered answered) || answered.status() / 100 != 2) {
                return new Page(items, Optional.of(exchange));
            }
            final JsonNode json;
            try {
                json = Json.parse(answered.body());
            } catch (RuntimeException unreadable) {
                return new Page(items, Optional.of(new Exchange.Unreachable("unreadable lookup answer", 1)));
            }
            json.path("data").forEach(item -> {
                if (keep.test(item)) {
                    items.add(item);
                }
            });
            final var next = Json.text(json.path("links"), "next");
            if (next == null) {
                return new Page(items, Optional.empty());
            }
            final URI following;
            try {
                following = uri.resolve(next);
            } catch (IllegalArgumentException notAUri) {
                return incomplete(items, page + 1, "a links.next that is not a URI");
            }
            if (!HttpClients.sameOrigin(base, following) || visited.contains(following)) {
                return incomplete(items, page + 1, "a links.next off the configured host or back to a visited page");
            }
            if (System.nanoTime() > deadline) {
                return incomplete(items, page + 1, "the lookup's time (" + LOOKUP_TIME.toSeconds() + " s)");
            }
            uri = following;
        }
        return incomplete(items, MAX_PAGES, MAX_PAGES + " pages");
    }

    /** A walk that could not read every page decides nothing: what it found may not be all there is. */
    private static Page incomplete(final List<JsonNode> items, final int pages, final String why) {
        return new Page(items, Optional.of(new Exchange.Unreachable("the lookup stopped after " + pages
                + " page(s) at " + why + ", " + items.size() + " match(es) so far", 1)));
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record Page(List<JsonNode> items, Optional<Exchange> failure) {
    }
}
