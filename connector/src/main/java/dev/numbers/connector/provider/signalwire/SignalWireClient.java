package dev.numbers.connector.provider.signalwire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.CallClaim;
import dev.numbers.connector.provider.Classifier;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.connector.provider.HttpClients;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.BuyAndConfigure;
import dev.numbers.connector.provider.OwnedAlready;
import dev.numbers.connector.provider.ProviderCall;
import dev.numbers.connector.provider.ProviderCaller;
import dev.numbers.connector.provider.ProviderClient;
import dev.numbers.connector.provider.ProviderHealth;
import dev.numbers.connector.provider.ProviderSettings;
import dev.numbers.connector.provider.Reconciliation;
import dev.numbers.connector.provider.Releases;
import dev.numbers.connector.provider.SearchAndBuy;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.SearchPurchase;
import dev.numbers.schemas.avro.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import dev.numbers.connector.ratelimit.SharedRateLimit;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * SignalWire REST for one account (project): purchase and release a number, create and list 10DLC assignment orders,
 * delete an assignment (Basic project_id:token, the token read for every request so a rotated file takes effect).
 */
public final class SignalWireClient implements ProviderClient {

    private final ProviderAccount account;
    private final String bridgeCallbackUrl;
    private final URI base;
    private final HttpClient http;
    private final ProviderCaller caller;
    private final SignalWireMapper mapper = new SignalWireMapper();
    private final Classifier classifier;
    private final SignalWireLookups lookups;
    private final SignalWireOrderListing listing;
    private final SignalWireConfigurer configurer;

    public SignalWireClient(final ProviderAccount account, final ProviderSettings settings,
                            final SharedRateLimit limiter, final ProviderHealth health, final MeterRegistry meters) {
        this.account = account;
        this.bridgeCallbackUrl = settings.bridgeCallbackUrl();
        this.base = URI.create(account.baseUrl());
        this.http = HttpClients.create(settings.retry().requestTimeout());
        this.caller = new ProviderCaller(Provider.SIGNALWIRE, http, limiter, settings.retry(), meters,
                settings.inFlight());
        this.classifier = new Classifier(account.id(), mapper, health);
        this.lookups = new SignalWireLookups(base, caller, this::get);
        this.listing = new SignalWireOrderListing(base, caller, classifier, mapper, this::get,
                settings.maxListPages());
        this.configurer = new SignalWireConfigurer(base, caller, classifier, lookups, this::put);
    }

    @Override
    public Optional<Outcome> perform(final ProviderCall call) {
        if (!(call.operation() instanceof Operation.OfSignalWire operation)) {
            throw new IllegalArgumentException(call.operation().type() + " is not a SignalWire operation");
        }
        return switch (operation) {
            case Operation.PurchasePhoneNumber p -> Optional.of(configured(purchase(p, call.requestId(), call.prior(),
                    call.claim()), p));
            case Operation.CreateAssignmentOrder o -> Optional.of(createOrder(o, call.requestId(), call.prior(),
                    call.claim()));
            case Operation.ListAssignmentOrders l -> Optional.of(listOrders(l));
            case Operation.ReleasePhoneNumber r -> release(r, call.prior(), call.claim());
            case Operation.DeleteNumberAssignment d -> Optional.of(deleteAssignment(d));
            case Operation.SearchAndPurchase s -> searchAndPurchase(s, call.requestId(), call.prior(), call.claim())
                    .map(outcome -> configured(outcome, s));
            case Operation.ConfigurePhoneNumber c -> Optional.of(configurer.configure(c.number(), c.phoneNumberId(),
                    c.settings().over(account.defaults())));
        };
    }

    /** Buy-and-configure: the number bought gets the request's settings over the account's defaults. */
    private Outcome configured(final Outcome purchase, final Operation.Buying buying) {
        final var settings = buying.configuration().over(account.defaults());
        return BuyAndConfigure.run(purchase, bought -> {
            final var phone = switch (bought.resource()) {
                case PhoneNumber p -> p;
                case SearchPurchase s -> s.getPhoneNumber();
                case null, default -> null;
            };
            return settings.isEmpty() || phone == null ? List.of() : List.of(new BuyAndConfigure.Step(phone.getId(),
                    phone.getNumber(), configurer.configure(phone.getNumber(), null, settings)));
        });
    }

    /** A cheap authenticated read (one owned number at most) with the account's current token: 2xx means it works. */
    @Override
    public Exchange probe() {
        return caller.send("probe", get(URI.create(base + "/phone_numbers?page_size=1")));
    }

    /** {@code requestId} keys this request's posts whose outcome is unknown ({@link ProviderCaller#mutate}). */
    public Outcome purchase(final Operation.PurchasePhoneNumber purchase, final String requestId,
                            final PriorAttempts prior, final CallClaim claim) {
        final var body = Json.write(Json.MAPPER.createObjectNode().put("number", purchase.number()));
        final Reconciliation.Lookup lookup = () -> lookups.purchasedNumber(purchase.number());
        final var exchange = caller.mutate("purchase", requestId + "/" + purchase.number(),
                () -> post(base + "/phone_numbers", body), lookup, prior, claim);
        return classifier.classify(OwnedAlready.reconcile(exchange, prior, this::alreadyOwned, lookup),
                mapper::phoneNumber);
    }

    private boolean alreadyOwned(final Exchange.Answered answer) {
        return answer.status() == 422 && mapper.errors(answer.status(), answer.body()).stream()
                .anyMatch(e -> "number_already_owned".contentEquals(String.valueOf(e.getCode())));
    }

    public Outcome createOrder(final Operation.CreateAssignmentOrder order, final String requestId,
                               final PriorAttempts prior, final CallClaim claim) {
        final var json = Json.MAPPER.createObjectNode();
        final var numbers = json.putArray("phone_numbers");
        order.phoneNumbers().forEach(numbers::add);
        json.put("status_callback_url",
                order.statusCallbackUrl() != null ? order.statusCallbackUrl() : bridgeCallbackUrl);
        final var body = Json.write(json);
        final var exchange = caller.mutate("create_order", requestId,
                () -> post(ordersUri(order.campaignId()).toString(), body),
                () -> lookups.assignmentOrder(order.campaignId(), order.phoneNumbers(), prior.since()),
                prior, claim);
        return classifier.classify(exchange, mapper::order);
    }

    /** GET /phone_numbers/search with the criteria, then buy the first candidate still for sale. */
    public Optional<Outcome> searchAndPurchase(final Operation.SearchAndPurchase search, final String requestId,
                                                         final PriorAttempts prior,
                                                         final CallClaim claim) {
        return SearchAndBuy.run(new SearchAndBuy.Shop() {
            public SearchAndBuy.Search search(final int limit) {
                return SignalWireClient.this.search(search, limit);
            }

            public Outcome buy(final String number, final PriorAttempts attempt) {
                return purchase(new Operation.PurchasePhoneNumber(number), requestId, attempt, claim);
            }

            public boolean soldElsewhere(final Outcome outcome) {
                return outcome instanceof Outcome.Rejected r && r.errors().stream()
                        .anyMatch(e -> "number_not_available".contentEquals(String.valueOf(e.getCode())));
            }

            public Object resource(final String number, final List<String> tried, final Object purchase) {
                return SearchPurchase.newBuilder().setNumber(number).setCandidatesTried(tried)
                        .setPhoneNumber((PhoneNumber) purchase).build();
            }
        }, prior, search.maxCandidates(), search.criteria(), claim);
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

    /**
     * DELETE /phone_numbers/{id}, only of a number the project holds: it is found first (by E.164, or by id in the
     * listing), and one the project does not list is REJECTED {@code not_owned} without a write, unless an earlier run
     * of this request recorded its DELETE ({@link Releases#notHeld}). Empty when the connector stops before the DELETE
     * is recorded.
     */
    public Optional<Outcome> release(final Operation.ReleasePhoneNumber release, final PriorAttempts prior,
                                     final CallClaim claim) {
        final var found = release.number() != null ? lookups.purchasedNumber(release.number())
                : lookups.ownedNumber(release.phoneNumberId());
        final JsonNode held;
        switch (found) {
            case Reconciliation.Found f -> held = Json.parse(f.body());
            case Reconciliation.NotFound ignored -> {
                return Optional.of(Releases.notHeld(prior, release.number(), release.phoneNumberId(), 1));
            }
            case Reconciliation.Undecided undecided -> {
                return Optional.of(classifier.classify(undecided.exchange(), body -> null));
            }
        }
        final var id = Json.text(held, "id");
        final var number = Json.text(held, "number");
        if (!Releases.deleting(claim, number, id)) {
            return Optional.empty();
        }
        final var target = URI.create(base + "/phone_numbers/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        return Optional.of(Releases.deleted(classifier, caller.call("release", () -> delete(target)),
                Releases.PHONE_NUMBER, id, number));
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

    /** Every page of the campaign's assignment orders ({@link SignalWireOrderListing}). */
    public Outcome listOrders(final Operation.ListAssignmentOrders list) {
        var uri = ordersUri(list.campaignId());
        if (list.filterState() != null) {
            uri = URI.create(uri + "?filter_state=" + URLEncoder.encode(list.filterState(), StandardCharsets.UTF_8));
        }
        return listing.list(uri);
    }

    private URI ordersUri(final String campaignId) {
        return URI.create(base + "/registry/beta/campaigns/" + URLEncoder.encode(campaignId, StandardCharsets.UTF_8)
                + "/orders");
    }

    private HttpRequest<?> post(final String uri, final String body) {
        return HttpRequest.POST(uri, body).contentType(MediaType.APPLICATION_JSON_TYPE)
                .accept(MediaType.APPLICATION_JSON_TYPE).basicAuth(account.user(), account.secret().value());
    }

    private HttpRequest<?> put(final URI uri, final String body) {
        return HttpRequest.PUT(uri.toString(), body).contentType(MediaType.APPLICATION_JSON_TYPE)
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

    @Override
    public void close() {
        http.close();
    }
}
