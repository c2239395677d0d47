package dev.numbers.bridge.orderstate;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import io.micronaut.management.endpoint.annotation.Selector;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

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

    private final StoreQuery query;

    public OrdersEndpoint(final OrderStateStreams orderStates) {
        this.query = new StoreQuery(orderStates);
    }

    /** Any object's life by its id, as before objects had kinds; {@code /objects/{kind}/{id}} also checks the kind. */
    @Read(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> order(@Selector final String id) throws Exception {
        return query.answer(id, "/orders/" + id, view -> true, "order " + id);
    }
}
