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
 * {@code GET /objects/{kind}/{id}}: the life of one 10DLC or number-order object - {@code brand},
 * {@code campaign}, {@code number_assignment_order} (with a summary of its number assignments),
 * {@code number_assignment}, {@code number_order}, {@code release} - keyed by its own id, from the local state
 * store; 404 for an unknown kind, an unknown id or an id of another kind. On the management port, with the same
 * redirects between instances as {@link OrdersEndpoint}.
 */
@Endpoint(id = "objects", defaultSensitive = false)
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(beans = OrderStateStreams.class)
public final class ObjectsEndpoint {

    private final StoreQuery query;

    public ObjectsEndpoint(final OrderStateStreams orderStates) {
        this.query = new StoreQuery(orderStates);
    }

    @Read(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> object(@Selector final String kind, @Selector final String id) throws Exception {
        final var known = ObjectKind.ofPath(kind);
        return query.answer(id, "/objects/" + kind + "/" + id,
                view -> known.isPresent() && known.get().path().equals(view.kind()), kind + " " + id);
    }
}
