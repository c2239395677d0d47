package dev.numbers.connector.provider.telnyx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.BuyAndConfigure;
import dev.numbers.connector.provider.CallClaim;
import dev.numbers.connector.provider.Classifier;
import dev.numbers.connector.provider.HttpClients;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderCall;
import dev.numbers.connector.provider.ProviderCaller;
import dev.numbers.connector.provider.ProviderClient;
import dev.numbers.connector.provider.ProviderHealth;
import dev.numbers.connector.provider.ProviderSettings;
import dev.numbers.connector.provider.Releases;
import dev.numbers.connector.provider.SearchAndBuy;
import dev.numbers.schemas.avro.SearchPurchase;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.schemas.avro.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import dev.numbers.connector.ratelimit.SharedRateLimit;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Telnyx v2 for one account: create a number order (directly or after a search), delete a phone number (Bearer API
 * key, read for every request so a rotated key file takes effect).
 */
public final class TelnyxClient implements ProviderClient {

    private final ProviderAccount account;
    private final String base;
    private final HttpClient http;
    private final ProviderCaller caller;
    private final TelnyxMapper mapper = new TelnyxMapper();
    private final Classifier classifier;
    private final TelnyxOrderWait orderWait;
    private final TelnyxOrderLookup lookup;
    private final TelnyxNumbers numbers;
    private final TelnyxConfigurer configurer;
    private final TelnyxReservation reservation;

    public TelnyxClient(final ProviderAccount account, final ProviderSettings settings, final SharedRateLimit limiter,
                        final ProviderHealth health, final MeterRegistry meters) {
        this.orderWait = new TelnyxOrderWait(settings.search().telnyxOrderWait(), settings.search().telnyxOrderPoll());
        this.account = account;
        this.base = account.baseUrl();
        this.http = HttpClients.create(settings.retry().requestTimeout());
        this.caller = new ProviderCaller(Provider.TELNYX, http, limiter, settings.retry(), meters,
                settings.inFlight());
        this.classifier = new Classifier(account.id(), mapper, health);
        this.lookup = new TelnyxOrderLookup(base, caller, account);
        this.numbers = new TelnyxNumbers(base, caller, classifier, account);
        this.configurer = new TelnyxConfigurer(caller, classifier, account, numbers);
        this.reservation = new TelnyxReservation(base, caller, account);
    }

    @Override
    public Optional<Outcome> perform(final ProviderCall call) {
        if (!(call.operation() instanceof Operation.OfTelnyx operation)) {
            throw new IllegalArgumentException(call.operation().type() + " is not a Telnyx operation");
        }
        return switch (operation) {
            case Operation.NumberOrder o -> Optional.of(orderAndConfigure(o, call.requestId(), call.prior(),
                    call.claim()));
            case Operation.DeletePhoneNumber d -> deletePhoneNumber(d, call.prior(), call.claim());
            case Operation.SearchAndOrder s -> searchAndOrder(s, call.requestId(), call.prior(),
                    call.claim()).map(outcome -> configured(outcome, s));
            case Operation.TelnyxConfigure c -> Optional.of(configurer.configure(c.number(),
                    c.phoneNumberId(), c.settings().over(account.defaults())));
        };
    }

    /** Without settings the order is answered as placed; with them it is waited for, as the numbers must exist. */
    private Outcome orderAndConfigure(final Operation.NumberOrder order, final String requestId,
                                      final PriorAttempts prior, final CallClaim claim) {
        final var placed = createNumberOrder(order, requestId, prior, claim);
        if (order.configuration().over(account.defaults()).isEmpty()) {
            return placed;
        }
        return configured(orderWait.completed(placed, this::order), order);
    }

    /** Buy-and-configure: each number of a completed order gets the request's settings over the account's. */
    private Outcome configured(final Outcome purchase, final Operation.Buying buying) {
        final var settings = buying.configuration().over(account.defaults());
        return BuyAndConfigure.run(purchase, bought -> {
            final var order = switch (bought.resource()) {
                case TelnyxNumberOrder o -> o;
                case SearchPurchase s -> s.getTelnyxOrder();
                case null, default -> null;
            };
            if (settings.isEmpty() || order == null) {
                return List.of();
            }
            return order.getPhoneNumbers().stream().map(n -> new BuyAndConfigure.Step(null, n.getPhoneNumber(),
                    "success".equals(order.getStatus())
                            ? configurer.configure(n.getPhoneNumber(), null, settings)
                            : TelnyxOrderWait.notCompleted(order))).toList();
        });
    }

    /** A cheap authenticated read (one owned number at most) with the account's current key: 2xx means it works. */
    @Override
    public Exchange probe() {
        return caller.send("probe", HttpRequest.GET(base + "/phone_numbers?page%5Bsize%5D=1")
                .accept(MediaType.APPLICATION_JSON_TYPE).bearerAuth(account.secret().value()));
    }


    /** customer_reference defaults to the request_id: that is how an ambiguous call is found again later. */
    public Outcome createNumberOrder(final Operation.NumberOrder order, final String requestId,
                                     final PriorAttempts prior, final CallClaim claim) {
        final var json = Json.MAPPER.createObjectNode();
        final var numbers = json.putArray("phone_numbers");
        for (final var number : order.phoneNumbers()) {
            final var item = numbers.addObject().put("phone_number", number.phoneNumber());
            putIfPresent(item, "requirement_group_id", number.requirementGroupId());
            putIfPresent(item, "bundle_id", number.bundleId());
        }
        putIfPresent(json, "connection_id", order.connectionId());
        putIfPresent(json, "messaging_profile_id", order.messagingProfileId());
        putIfPresent(json, "billing_group_id", order.billingGroupId());
        final var reference = order.customerReference() != null ? order.customerReference() : requestId;
        json.put("customer_reference", reference);
        final var body = Json.write(json);
        final var exchange = caller.mutate("number_order", requestId + "/" + reference,
                () -> HttpRequest.POST(base + "/number_orders", body)
                .contentType(MediaType.APPLICATION_JSON_TYPE).accept(MediaType.APPLICATION_JSON_TYPE)
                .bearerAuth(account.secret().value()), () -> lookup.orderByReference(reference, order),
                prior, claim);
        return classifier.classify(exchange, mapper::numberOrder);
    }

    /** GET /v2/available_phone_numbers with the criteria, then a number order for the first candidate. */
    public Optional<Outcome> searchAndOrder(final Operation.SearchAndOrder search, final String requestId,
                                                      final PriorAttempts prior,
                                                      final CallClaim claim) {
        return SearchAndBuy.run(new SearchAndBuy.Shop() {
            public SearchAndBuy.Search search(final int limit) {
                return TelnyxClient.this.search(search, limit);
            }

            public Outcome buy(final String number, final PriorAttempts attempt) {
                // A fresh candidate is held first, so no buyer racing between search and order can take it; a
                // resumed run looks its order up instead (it may exist), and does not reserve again.
                if (!attempt.mayHaveRun() && reservation.reserve(number, requestId)
                        instanceof TelnyxReservation.Hold.Taken) {
                    return TelnyxReservation.taken(number);
                }
                // Also a reconciled order (a resumed run) is waited for: one that failed moves on to the next.
                return orderWait.completed(createNumberOrder(new Operation.NumberOrder(List.of(
                        new Operation.OrderedNumber(number, null, null)), search.connectionId(),
                        search.messagingProfileId(), null, null), requestId, attempt, claim), TelnyxClient.this::order);
            }

            public boolean soldElsewhere(final Outcome outcome) {
                return outcome instanceof Outcome.Rejected r && r.errors().stream().anyMatch(e ->
                        TelnyxOrderWait.NOT_AVAILABLE.contentEquals(e.getCode())
                        || String.valueOf(e.getDetail()).toLowerCase(Locale.ROOT).contains("not available"));
            }

            public Object resource(final String number, final List<String> tried, final Object order) {
                return SearchPurchase.newBuilder().setNumber(number).setCandidatesTried(tried)
                        .setTelnyxOrder((TelnyxNumberOrder) order).build();
            }
        }, prior, search.maxCandidates(), search.criteria(), claim);
    }

    /** GET /v2/number_orders/{id}: where an order placed earlier stands now. */
    private Outcome order(final String id) {
        final var uri = base + "/number_orders/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        return classifier.classify(caller.call("get_number_order", () -> HttpRequest.GET(uri)
                .accept(MediaType.APPLICATION_JSON_TYPE).bearerAuth(account.secret().value())), mapper::numberOrder);
    }

    private SearchAndBuy.Search search(final Operation.SearchAndOrder search, final int limit) {
        final var query = new StringBuilder("/available_phone_numbers?filter%5Bcountry_code%5D=US&filter%5Blimit%5D=")
                .append(Math.min(limit, 100));
        final BiConsumer<String, String> param = (name, value) -> {
            if (value != null) {
                query.append("&filter").append(name.replace("[", "%5B").replace("]", "%5D")).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        };
        param.accept("[national_destination_code]", search.nationalDestinationCode());
        param.accept("[phone_number_type]", search.phoneNumberType());
        param.accept("[phone_number][starts_with]", search.startsWith());
        param.accept("[phone_number][contains]", search.contains());
        param.accept("[phone_number][ends_with]", search.endsWith());
        final var uri = base + query;
        final var exchange = caller.call("search", () -> HttpRequest.GET(uri).accept(MediaType.APPLICATION_JSON_TYPE)
                .bearerAuth(account.secret().value()));
        return SearchAndBuy.answer(classifier, exchange, "phone_number");
    }

    /**
     * DELETE /v2/phone_numbers/{id}, only of a number the account holds: it is read first (by E.164 or id), and one
     * the account does not list is REJECTED {@code not_owned} without a write, unless an earlier run of this request
     * recorded its DELETE ({@link Releases#notHeld}). Empty when the connector stops before the DELETE is recorded.
     */
    public Optional<Outcome> deletePhoneNumber(final Operation.DeletePhoneNumber deletion, final PriorAttempts prior,
                                               final CallClaim claim) {
        final String id;
        final String number;
        switch (numbers.find(deletion.number(), deletion.phoneNumberId())) {
            case TelnyxNumbers.Read.Got got -> {
                id = Json.text(got.data(), "id");
                number = Json.text(got.data(), "phone_number");
            }
            case TelnyxNumbers.Read.Missing missing -> {
                return Optional.of(Releases.notHeld(prior, deletion.number(), deletion.phoneNumberId(), 1));
            }
            case TelnyxNumbers.Read.Stopped stopped -> {
                return Optional.of(stopped.outcome());
            }
        }
        if (!Releases.deleting(claim, number, id)) {
            return Optional.empty();
        }
        final var target = numbers.uri(id);
        final var exchange = caller.call("delete_phone_number", () -> HttpRequest.DELETE(target)
                .accept(MediaType.APPLICATION_JSON_TYPE).bearerAuth(account.secret().value()));
        return Optional.of(Releases.deleted(classifier, exchange, Releases.PHONE_NUMBER, id, number));
    }

    private static void putIfPresent(final ObjectNode node, final String field,
                                     final String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
