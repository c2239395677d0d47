package dev.numbers.connector.provider.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.config.RetryConfig;
import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.Classifier;
import dev.numbers.connector.provider.HttpClients;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderCaller;
import dev.numbers.connector.provider.ProviderHealth;
import dev.numbers.connector.provider.PriorAttempts;
import dev.numbers.connector.provider.Reconciliation;
import dev.numbers.connector.provider.Releases;
import dev.numbers.connector.provider.SearchAndBuy;
import dev.numbers.connector.provider.SearchConfig;
import dev.numbers.schemas.avro.SearchPurchase;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.schemas.avro.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import dev.numbers.connector.ratelimit.SharedRateLimit;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Telnyx v2 for one account: create a number order (directly or after a search), delete a phone number (Bearer API
 * key, read for every request so a rotated key file takes effect).
 */
public final class TelnyxClient {

    private final ProviderAccount account;
    private final String base;
    private final HttpClient http;
    private final ProviderCaller caller;
    private final TelnyxMapper mapper = new TelnyxMapper();
    private final Classifier classifier;
    private final TelnyxOrderWait orderWait;

    public TelnyxClient(final ProviderAccount account, final RetryConfig retry, final SharedRateLimit limiter,
                        final ProviderHealth health, final MeterRegistry meters,
                        final SearchConfig search) {
        this.orderWait = new TelnyxOrderWait(search.telnyxOrderWait(), search.telnyxOrderPoll());
        this.account = account;
        this.base = account.baseUrl();
        this.http = HttpClients.create(retry.requestTimeout());
        this.caller = new ProviderCaller(Provider.TELNYX, http, limiter, retry, meters, Clock.systemUTC());
        this.classifier = new Classifier(account.id(), mapper, health);
    }

    /** A cheap authenticated read (one owned number at most) with the account's current key: 2xx means it works. */
    public Exchange probe() {
        return caller.send("probe", HttpRequest.GET(base + "/phone_numbers?page%5Bsize%5D=1")
                .accept(MediaType.APPLICATION_JSON_TYPE).bearerAuth(account.secret().value()));
    }

    /** Bounds of one reconciliation lookup: it reads every page of the matches, or decides nothing. */
    private static final int LOOKUP_PAGES = 100;
    private static final Duration LOOKUP_TIME = Duration.ofSeconds(30);
    private static final int PAGE_SIZE = 250;

    /** customer_reference defaults to the request_id: that is how an ambiguous call is found again later. */
    public Outcome createNumberOrder(final Operation.NumberOrder order, final String requestId,
                                     final PriorAttempts prior) {
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
        final var body = json.toString();
        final var exchange = caller.mutate("number_order", () -> HttpRequest.POST(base + "/number_orders", body)
                .contentType(MediaType.APPLICATION_JSON_TYPE).accept(MediaType.APPLICATION_JSON_TYPE)
                .bearerAuth(account.secret().value()), () -> orderByReference(reference, order), prior.mayHaveRun());
        return classifier.classify(exchange, mapper::numberOrder);
    }

    /** GET /v2/available_phone_numbers with the criteria, then a number order for the first candidate. */
    public Optional<Outcome> searchAndOrder(final Operation.SearchAndOrder search, final String requestId,
                                                      final PriorAttempts prior,
                                                      final Predicate<String> recordCandidate) {
        return SearchAndBuy.run(new SearchAndBuy.Shop() {
            public SearchAndBuy.Search search(final int limit) {
                return TelnyxClient.this.search(search, limit);
            }

            public Outcome buy(final String number, final PriorAttempts attempt) {
                // Also a reconciled order (a resumed run) is waited for: one that failed moves on to the next.
                return orderWait.completed(createNumberOrder(new Operation.NumberOrder(List.of(
                        new Operation.OrderedNumber(number, null, null)), search.connectionId(),
                        search.messagingProfileId(), null, null), requestId, attempt), TelnyxClient.this::order);
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
        }, prior, search.maxCandidates(), search.criteria(), recordCandidate);
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

    /** DELETE /v2/phone_numbers/{id}; a number named by E.164 is looked up first, and one no longer owned is done. */
    public Outcome deletePhoneNumber(final Operation.DeletePhoneNumber deletion) {
        var id = deletion.phoneNumberId();
        if (id == null) {
            final var uri = base + "/phone_numbers?filter%5Bphone_number%5D="
                    + URLEncoder.encode(deletion.number(), StandardCharsets.UTF_8);
            final var listed = caller.call("find_phone_number", () -> HttpRequest.GET(uri)
                    .accept(MediaType.APPLICATION_JSON_TYPE).bearerAuth(account.secret().value()));
            if (!(listed instanceof Exchange.Answered answered) || answered.status() / 100 != 2) {
                return classifier.classify(listed, body -> null);
            }
            try {
                for (final var item : Json.parse(answered.body()).path("data")) {
                    if (deletion.number().equals(Json.text(item, "phone_number"))) {
                        id = Json.text(item, "id");
                    }
                }
            } catch (RuntimeException unreadable) {
                return classifier.classify(listed, body -> { throw unreadable; });
            }
            if (id == null) {
                return Releases.alreadyGone(Releases.PHONE_NUMBER, deletion.number(), listed.attempts());
            }
        }
        final var target = base + "/phone_numbers/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        final var exchange = caller.call("delete_phone_number", () -> HttpRequest.DELETE(target)
                .accept(MediaType.APPLICATION_JSON_TYPE).bearerAuth(account.secret().value()));
        return Releases.deleted(classifier, exchange, Releases.PHONE_NUMBER, id, deletion.number());
    }

    /**
     * The order whose customer_reference is ours, read from every page of the matches (bounded by {@link #LOOKUP_PAGES}
     * and {@link #LOOKUP_TIME}). A producer-given reference may be shared by several orders, so only an order with
     * the same numbers counts, and two such orders cannot be told apart: that is Undecided, never a guess (the post is
     * not sent; the lookup is retried and the request ends FAILED outcome_unknown naming what was seen). The answer is
     * wrapped like the POST's ({"data": order}).
     */
    private Reconciliation orderByReference(final String reference, final Operation.NumberOrder order) {
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

    private static void putIfPresent(final ObjectNode node, final String field,
                                     final String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    public void close() {
        http.close();
    }
}
