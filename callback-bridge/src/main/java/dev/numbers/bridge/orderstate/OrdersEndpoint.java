package dev.numbers.bridge.orderstate;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import io.micronaut.management.endpoint.annotation.Selector;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * {@code GET /orders/{id}}: the current state of an order and its number assignments, from the local state store
 * (interactive query). A key owned by another instance is answered with a 307 to that instance's advertised URL.
 *
 * <p>A management endpoint rather than a controller so that it is served on the management port
 * ({@code bridge.management.port}, Micronaut's {@code endpoints.all.port}) with {@code /health} and
 * {@code /prometheus}, and the public port, the one providers reach, serves webhooks only.
 */
@Endpoint(id = "orders", defaultSensitive = false)
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(beans = OrderStateStreams.class)
public final class OrdersEndpoint {

    private final OrderStateStreams orderStates;

    public OrdersEndpoint(final OrderStateStreams orderStates) {
        this.orderStates = orderStates;
    }

    @Read(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> order(@Selector final String id) throws Exception {
        final var streams = orderStates.streams();
        final var advertised = orderStates.config().advertisedUrl();
        if (advertised != null) {
            final var owner = streams.queryMetadataForKey(OrderTopology.ORDER_STATES_STORE, id,
                    Serdes.String().serializer());
            if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
                return unavailable();
            }
            final var self = URI.create(advertised);
            final var host = owner.activeHost();
            if (!(host.host().equals(self.getHost()) && host.port() == self.getPort())) {
                return HttpResponse.<String>status(HttpStatus.TEMPORARY_REDIRECT)
                        .header("Location", URI.create(self.getScheme() + "://" + host.host() + ":" + host.port()
                                + "/orders/" + id).toString());
            }
        }
        try {
            final var store = streams.store(StoreQueryParameters.fromNameAndType(
                    OrderTopology.ORDER_STATES_STORE, QueryableStoreTypes.<String, OrderView>keyValueStore()));
            final var view = store.get(id);
            if (view == null) {
                return HttpResponse.<String>status(HttpStatus.NOT_FOUND)
                        .body(JsonSerde.JSON.writeValueAsString(Map.of("error", "no state known for order " + id)));
            }
            return HttpResponse.ok(JsonSerde.JSON.writeValueAsString(view));
        } catch (InvalidStateStoreException e) {
            return unavailable();
        }
    }

    private static HttpResponse<String> unavailable() throws Exception {
        return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(JsonSerde.JSON.writeValueAsString(Map.of("error",
                        "order state is not available yet (rebalancing)")));
    }
}
