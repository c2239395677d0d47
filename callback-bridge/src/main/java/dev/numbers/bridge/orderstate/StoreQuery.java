package dev.numbers.bridge.orderstate;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import java.net.URI;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Answers one key of the order-state store over HTTP: the view as JSON, 404 when none is known (or it is not of the
 * asked kind), 503 while the store rebalances, and a 307 to the owning instance's {@code path} when another instance
 * holds the key ({@code bridge.order-state.advertised-url} set on each).
 */
final class StoreQuery {

    private final OrderStateStreams orderStates;

    StoreQuery(final OrderStateStreams orderStates) {
        this.orderStates = orderStates;
    }

    HttpResponse<String> answer(final String id, final String path, final Predicate<OrderView> wanted,
            final String what) throws Exception {
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
                                + path).toString());
            }
        }
        try {
            final var store = streams.store(StoreQueryParameters.fromNameAndType(
                    OrderTopology.ORDER_STATES_STORE, QueryableStoreTypes.<String, OrderView>keyValueStore()));
            final var view = store.get(id);
            if (view == null || !wanted.test(view)) {
                return HttpResponse.<String>status(HttpStatus.NOT_FOUND)
                        .body(JsonSerde.JSON.writeValueAsString(Map.of("error", "no state known for " + what)));
            }
            return HttpResponse.ok(JsonSerde.JSON.writeValueAsString(ObjectState.of(view)));
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
