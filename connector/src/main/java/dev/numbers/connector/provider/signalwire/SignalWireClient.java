package dev.numbers.connector.provider.signalwire;

import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.config.RetryConfig;
import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.Classifier;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.connector.provider.HttpClients;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderCaller;
import dev.numbers.connector.provider.ProviderHealth;
import dev.numbers.connector.provider.PriorAttempts;
import dev.numbers.connector.provider.Reconciliation;
import dev.numbers.connector.provider.Releases;
import dev.numbers.connector.provider.SearchAndBuy;
import dev.numbers.connector.validation.RequestLimits;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.ProviderError;
import dev.numbers.schemas.avro.SearchPurchase;
import dev.numbers.connector.validation.RequestValidator;
import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.AssignmentOrderList;
import dev.numbers.schemas.avro.PaginationLinks;
import dev.numbers.schemas.avro.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import dev.numbers.connector.ratelimit.SharedRateLimit;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * SignalWire REST for one account (project): purchase and release a number, create and list 10DLC assignment orders,
 * delete an assignment (Basic project_id:token, the token read for every request so a rotated file takes effect).
 */
public final class SignalWireClient {

    private final ProviderAccount account;
    private final String bridgeCallbackUrl;
    private final URI base;
    private final HttpClient http;
    private final ProviderCaller caller;
    private final SignalWireMapper mapper = new SignalWireMapper();
    private final Classifier classifier;
    private final SignalWireLookups lookups;
    private final int maxListPages;

    public SignalWireClient(final ProviderAccount account, final String bridgeCallbackUrl,
                            final RetryConfig retry, final SharedRateLimit limiter, final ProviderHealth health,
                            final MeterRegistry meters, final RequestLimits limits) {
        this.account = account;
        this.maxListPages = limits.maxListPages();
        this.bridgeCallbackUrl = bridgeCallbackUrl;
        this.base = URI.create(account.baseUrl());
        this.http = HttpClients.create(retry.requestTimeout());
        this.caller = new ProviderCaller(Provider.SIGNALWIRE, http, limiter, retry, meters, Clock.systemUTC());
        this.classifier = new Classifier(account.id(), mapper, health);
        this.lookups = new SignalWireLookups(base, caller, this::get);
    }

    /** A cheap authenticated read (one owned number at most) with the account's current token: 2xx means it works. */
    public Exchange probe() {
        return caller.send("probe", get(URI.create(base + "/phone_numbers?page_size=1")));
    }

    public Outcome purchase(final Operation.PurchasePhoneNumber purchase, final PriorAttempts prior) {
        final var body = Json.MAPPER.createObjectNode().put("number", purchase.number()).toString();
        final var exchange = caller.mutate("purchase", () -> post(base + "/phone_numbers", body),
                () -> lookups.purchasedNumber(purchase.number()), prior.mayHaveRun());
        return classifier.classify(exchange, mapper::phoneNumber);
    }

    public Outcome createOrder(final Operation.CreateAssignmentOrder order, final PriorAttempts prior) {
        final var json = Json.MAPPER.createObjectNode();
        final var numbers = json.putArray("phone_numbers");
        order.phoneNumbers().forEach(numbers::add);
        json.put("status_callback_url", order.statusCallbackUrl() != null ? order.statusCallbackUrl()
                : bridgeCallbackUrl);
        final var body = json.toString();
        final var exchange = caller.mutate("create_order", () -> post(ordersUri(order.campaignId()).toString(), body),
                () -> lookups.assignmentOrder(order.campaignId(), order.phoneNumbers(), prior.since()),
                prior.mayHaveRun());
        return classifier.classify(exchange, mapper::order);
    }

    /** GET /phone_numbers/search with the criteria, then buy the first candidate still for sale. */
    public Optional<Outcome> searchAndPurchase(final Operation.SearchAndPurchase search,
                                                         final PriorAttempts prior,
                                                         final Predicate<String> recordCandidate) {
        return SearchAndBuy.run(new SearchAndBuy.Shop() {
            public SearchAndBuy.Search search(final int limit) {
                return SignalWireClient.this.search(search, limit);
            }

            public Outcome buy(final String number, final PriorAttempts attempt) {
                return purchase(new Operation.PurchasePhoneNumber(number), attempt);
            }

            public boolean soldElsewhere(final Outcome outcome) {
                return outcome instanceof Outcome.Rejected r && r.errors().stream()
                        .anyMatch(e -> "number_not_available".contentEquals(String.valueOf(e.getCode())));
            }

            public Object resource(final String number, final List<String> tried, final Object purchase) {
                return SearchPurchase.newBuilder().setNumber(number).setCandidatesTried(tried)
                        .setPhoneNumber((PhoneNumber) purchase).build();
            }
        }, prior, search.maxCandidates(), search.criteria(), recordCandidate);
    }

    private SearchAndBuy.Search search(final Operation.SearchAndPurchase search, final int limit) {
        final var query = new StringBuilder("/phone_numbers/search?max_results=").append(Math.min(limit, 100));
        final BiConsumer<String, String> param = (name, value) -> {
            if (value != null) {
                query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        };
        param.accept("areacode", search.areacode());
        param.accept("number_type", search.numberType());
        param.accept("starts_with", search.startsWith());
        param.accept("contains", search.contains());
        param.accept("ends_with", search.endsWith());
        param.accept("region", search.region());
        param.accept("city", search.city());
        final var uri = URI.create(base + query.toString());
        final var exchange = caller.call("search", () -> get(uri));
        return SearchAndBuy.answer(classifier, exchange, "number");
    }

    /** DELETE /phone_numbers/{id}; a number named by E.164 is looked up first, and one no longer owned is done. */
    public Outcome release(final Operation.ReleasePhoneNumber release) {
        var id = release.phoneNumberId();
        if (id == null) {
            switch (lookups.purchasedNumber(release.number())) {
                case Reconciliation.Found found -> id = Json.text(Json.parse(found.body()), "id");
                case Reconciliation.NotFound ignored -> {
                    return Releases.alreadyGone(Releases.PHONE_NUMBER, release.number(), 1);
                }
                case Reconciliation.Undecided undecided -> {
                    return classifier.classify(undecided.exchange(), body -> null);
                }
            }
        }
        final var target = URI.create(base + "/phone_numbers/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        return Releases.deleted(classifier, caller.call("release", () -> delete(target)), Releases.PHONE_NUMBER, id,
                release.number());
    }

    /** DELETE /registry/beta/numbers/{id}; an assignment named by number and campaign is looked up first. */
    public Outcome deleteAssignment(final Operation.DeleteNumberAssignment deletion) {
        var id = deletion.assignmentId();
        if (id == null) {
            switch (lookups.assignment(deletion.campaignId(), deletion.number())) {
                case Reconciliation.Found found -> id = Json.text(Json.parse(found.body()), "id");
                case Reconciliation.NotFound ignored -> {
                    return Releases.alreadyGone(Releases.NUMBER_ASSIGNMENT, deletion.number(), 1);
                }
                case Reconciliation.Undecided undecided -> {
                    return classifier.classify(undecided.exchange(), body -> null);
                }
            }
        }
        final var target = URI.create(base + "/registry/beta/numbers/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        return Releases.deleted(classifier, caller.call("delete_assignment", () -> delete(target)),
                Releases.NUMBER_ASSIGNMENT, id, deletion.number());
    }

    /**
     * Follows links.next to the end; all orders in one result, the links of the last page kept. A links.next that
     * cannot be followed (not a URI, off the configured host, back to a visited page) or more pages than
     * {@code connector.limits.max-list-pages} end the listing FAILED, keeping the orders read so far.
     */
    public Outcome listOrders(final Operation.ListAssignmentOrders list) {
        var uri = ordersUri(list.campaignId());
        if (list.filterState() != null) {
            uri = URI.create(uri + "?filter_state=" + URLEncoder.encode(list.filterState(), StandardCharsets.UTF_8));
        }
        final var orders = new ArrayList<AssignmentOrder>();
        final var visited = new HashSet<URI>();
        int attempts = 0;
        while (true) {
            final var page = uri;
            visited.add(page);
            final var exchange = caller.call("list_orders", () -> get(page));
            attempts += exchange.attempts();
            if (!(exchange instanceof Exchange.Answered answered) || answered.status() / 100 != 2) {
                final var outcome = classifier.classify(exchange.withAttempts(attempts), ignored -> null);
                if (visited.size() == 1) {
                    return outcome;
                }
                // The request was fine (its first page was served); a links.next that leads nowhere is the
                // provider's pagination failing, not a REJECTED request.
                final var errors = new ArrayList<ProviderError>();
                errors.add(RequestValidator.error("bad_pagination", "Unfollowable links.next", "page "
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
        return new Outcome.Failed(List.of(RequestValidator.error(code, title, detail, "links.next")), body, attempts,
                read);
    }

    private URI ordersUri(final String campaignId) {
        return URI.create(base + "/registry/beta/campaigns/" + URLEncoder.encode(campaignId, StandardCharsets.UTF_8)
                + "/orders");
    }

    private HttpRequest<?> post(final String uri, final String body) {
        return HttpRequest.POST(uri, body).contentType(MediaType.APPLICATION_JSON_TYPE)
                .accept(MediaType.APPLICATION_JSON_TYPE).basicAuth(account.user(), account.secret().value());
    }

    private HttpRequest<?> delete(final URI uri) {
        return HttpRequest.DELETE(uri.toString()).accept(MediaType.APPLICATION_JSON_TYPE)
                .basicAuth(account.user(), account.secret().value());
    }

    private HttpRequest<?> get(final URI uri) {
        return HttpRequest.GET(uri.toString()).accept(MediaType.APPLICATION_JSON_TYPE)
                .basicAuth(account.user(), account.secret().value());
    }

    public void close() {
        http.close();
    }
}
