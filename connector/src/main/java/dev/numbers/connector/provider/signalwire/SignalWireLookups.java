package dev.numbers.connector.provider.signalwire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.connector.provider.HttpClients;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderCaller;
import dev.numbers.connector.provider.Reconciliation;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds at SignalWire what an earlier, unanswered call may have done: a purchased number in the project, or an
 * assignment order whose numbers are on the campaign.
 */
final class SignalWireLookups {

    /** Clocks of the connector and SignalWire differ; an order a little older than our first start is still ours. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    private static final int MAX_PAGES = 100;

    private final URI base;
    private final ProviderCaller caller;
    private final Function<URI, io.micronaut.http.HttpRequest<?>> get;

    SignalWireLookups(final URI base, final ProviderCaller caller,
                      final Function<URI, io.micronaut.http.HttpRequest<?>> get) {
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
     * An assignment order is found when every requested number is assigned to the campaign; the order is the
     * campaign's order created closest to those assignments, not before our first attempt started.
     */
    Reconciliation assignmentOrder(final String campaignId, final List<String> numbers, final Instant since) {
        final var campaign = base + "/registry/beta/campaigns/" + encode(campaignId);
        final var wanted = new HashSet<>(numbers);
        final var assigned = pages("reconcile_order", URI.create(campaign + "/numbers?page_size=1000"),
                item -> wanted.contains(Json.text(item.path("phone_number"), "number")));
        if (assigned.failure().isPresent()) {
            return new Reconciliation.Undecided(assigned.failure().get());
        }
        final Map<String, Instant> assignedAt = new HashMap<>();
        for (final var item : assigned.items()) {
            assignedAt.put(Json.text(item.path("phone_number"), "number"), Json.instant(item, "created_at"));
        }
        if (!assignedAt.keySet().containsAll(wanted)) {
            return new Reconciliation.NotFound();
        }
        final var latest = assignedAt.values().stream().filter(java.util.Objects::nonNull).max(Instant::compareTo)
                .orElse(Instant.now());
        final var earliest = since.minus(CLOCK_SKEW);
        final var orders = pages("reconcile_order", URI.create(campaign + "/orders?page_size=1000"), item -> {
            final var created = Json.instant(item, "created_at");
            return created == null || !created.isBefore(earliest);
        });
        if (orders.failure().isPresent()) {
            return new Reconciliation.Undecided(orders.failure().get());
        }
        return orders.items().stream()
                .min(java.util.Comparator.comparing(order -> distance(Json.instant(order, "created_at"), latest)))
                .<Reconciliation>map(order -> new Reconciliation.Found(order.toString()))
                .orElseGet(Reconciliation.NotFound::new);
    }

    private static Duration distance(final Instant created, final Instant target) {
        return created == null ? Duration.ofDays(36_500) : Duration.between(created, target).abs();
    }

    /** Every item of every page that {@code keep} accepts; the failure is the exchange that stopped the walk. */
    private Page pages(final String operation, final URI first, final java.util.function.Predicate<JsonNode> keep) {
        final var items = new ArrayList<JsonNode>();
        final var visited = new HashSet<URI>();
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
            final var following = uri.resolve(next);
            if (!HttpClients.sameOrigin(base, following) || visited.contains(following)) {
                return new Page(items, Optional.empty());
            }
            uri = following;
        }
        return new Page(items, Optional.empty());
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record Page(List<JsonNode> items, Optional<Exchange> failure) {
    }
}
