package dev.numbers.connector.provider.telnyx;

import dev.numbers.connector.config.RetryConfig;
import dev.numbers.connector.config.TelnyxConfig;
import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.Classifier;
import dev.numbers.connector.provider.HttpClients;
import dev.numbers.connector.provider.Json;
import dev.numbers.connector.provider.ProviderCaller;
import dev.numbers.connector.provider.ProviderHealth;
import dev.numbers.connector.provider.PriorAttempts;
import dev.numbers.connector.provider.Reconciliation;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.schemas.avro.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Telnyx v2: create a number order (Bearer API key). */
@Singleton
public final class TelnyxClient {

    private final TelnyxConfig config;
    private final String base;
    private final HttpClient http;
    private final ProviderCaller caller;
    private final TelnyxMapper mapper = new TelnyxMapper();
    private final Classifier classifier;

    public TelnyxClient(final TelnyxConfig config, final RetryConfig retry, final ProviderHealth health,
                        final MeterRegistry meters) {
        this.config = config;
        this.base = config.baseUrl().replaceAll("/+$", "");
        this.http = HttpClients.create(retry.requestTimeout());
        this.caller = new ProviderCaller(Provider.TELNYX, http, config.requestsPerSecond(), retry, meters,
                Clock.systemUTC());
        this.classifier = new Classifier(Provider.TELNYX, mapper, health);
    }

    /** Bounds of one reconciliation lookup: it reads every page of the matches, or decides nothing. */
    private static final int LOOKUP_PAGES = 100;
    private static final java.time.Duration LOOKUP_TIME = java.time.Duration.ofSeconds(30);
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
                .bearerAuth(config.apiKey()), () -> orderByReference(reference, order), prior.mayHaveRun());
        return classifier.classify(exchange, mapper::numberOrder);
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
                .collect(java.util.stream.Collectors.toSet());
        final var matches = new java.util.ArrayList<com.fasterxml.jackson.databind.JsonNode>();
        final long deadline = System.nanoTime() + LOOKUP_TIME.toNanos();
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            if (page > LOOKUP_PAGES || System.nanoTime() > deadline) {
                return undecided("the customer_reference lookup stopped after " + (page - 1) + " of " + pages
                        + " pages (" + matches.size() + " matching order(s) so far)");
            }
            final var uri = base + "/number_orders?filter%5Bcustomer_reference%5D="
                    + java.net.URLEncoder.encode(reference, java.nio.charset.StandardCharsets.UTF_8)
                    + "&page%5Bnumber%5D=" + page + "&page%5Bsize%5D=" + PAGE_SIZE;
            final var exchange = caller.send("reconcile_number_order", HttpRequest.GET(uri)
                    .accept(MediaType.APPLICATION_JSON_TYPE).bearerAuth(config.apiKey()));
            if (!(exchange instanceof Exchange.Answered answered) || answered.status() / 100 != 2) {
                return new Reconciliation.Undecided(exchange);
            }
            try {
                final var json = Json.parse(answered.body());
                for (final var item : json.path("data")) {
                    final var numbers = new java.util.HashSet<String>();
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
                    + matches.stream().map(m -> Json.text(m, "id")).toList() + "); cannot tell which is this request's");
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

    private static void putIfPresent(final com.fasterxml.jackson.databind.node.ObjectNode node, final String field,
                                     final String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
