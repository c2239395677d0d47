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

    /** customer_reference defaults to the request_id: that is how an ambiguous call is found again later. */
    public Outcome createNumberOrder(final Operation.NumberOrder order, final String requestId) {
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
        json.put("customer_reference", order.customerReference() != null ? order.customerReference() : requestId);
        final var body = json.toString();
        final var exchange = caller.call("number_order", () -> HttpRequest.POST(base + "/number_orders", body)
                .contentType(MediaType.APPLICATION_JSON_TYPE).accept(MediaType.APPLICATION_JSON_TYPE)
                .bearerAuth(config.apiKey()));
        return classifier.classify(exchange, mapper::numberOrder);
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
