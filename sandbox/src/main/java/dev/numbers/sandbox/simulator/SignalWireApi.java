package dev.numbers.sandbox.simulator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * SignalWire's numbers and 10DLC assignment-order endpoints, shaped like signalwire-numbers.openapi.yaml: the routing
 * table and SignalWire's error shapes. The handlers live in rooms by resource: {@link SignalWireNumbers},
 * {@link SignalWireSearch}, {@link SignalWireUpdates}, {@link SignalWireOrders} (with {@link SignalWireLifecycle} for
 * the callbacks).
 */
final class SignalWireApi implements ProviderApi {

    static final String BASE = "/api/relay/rest";

    private static final Routes ROUTES = new Routes(List.of(
            Routes.route("POST", "/phone_numbers", Endpoint.SIGNALWIRE_PURCHASE_NUMBER),
            Routes.route("GET", "/phone_numbers", Endpoint.SIGNALWIRE_LIST_NUMBERS),
            Routes.route("GET", "/phone_numbers/search", Endpoint.SIGNALWIRE_SEARCH_NUMBERS),
            Routes.route("DELETE", "/phone_numbers/([^/]+)", Endpoint.SIGNALWIRE_RELEASE_NUMBER),
            Routes.route("PUT", "/phone_numbers/([^/]+)", Endpoint.SIGNALWIRE_UPDATE_NUMBER),
            Routes.route("DELETE", "/registry/beta/numbers/([^/]+)", Endpoint.SIGNALWIRE_DELETE_ASSIGNMENT),
            Routes.route("POST", "/registry/beta/campaigns/([^/]+)/orders", Endpoint.SIGNALWIRE_CREATE_ORDER),
            Routes.route("GET", "/registry/beta/campaigns/([^/]+)/orders", Endpoint.SIGNALWIRE_LIST_ORDERS),
            Routes.route("GET", "/registry/beta/campaigns/([^/]+)/numbers", Endpoint.SIGNALWIRE_LIST_ASSIGNMENTS),
            Routes.route("GET", "/registry/beta/orders/([^/]+)", Endpoint.SIGNALWIRE_GET_ORDER)));

    private final SignalWireStore store;
    private final SignalWireNumbers numbers;
    private final SignalWireSearch search;
    private final SignalWireOrders orders;
    private final SignalWireUpdates updates;

    SignalWireApi(Store market, SignalWireStore store, JsonBodies bodies, SimulatorConfig config,
                  ScheduledExecutorService scheduler, WebhookDispatcher webhooks, Accounts accounts,
                  NumberConfigs configs) {
        this.store = store;
        this.numbers = new SignalWireNumbers(market, store, bodies, accounts, configs);
        this.updates = new SignalWireUpdates(store, bodies, accounts, configs);
        this.search = new SignalWireSearch(market, store);
        this.orders = new SignalWireOrders(store, bodies,
                new SignalWireLifecycle(store, config, scheduler, webhooks, accounts, bodies));
    }

    @Override
    public Accounts.Kind kind() {
        return Accounts.Kind.SIGNALWIRE;
    }

    @Override
    public String base() {
        return BASE;
    }

    @Override
    public Endpoint route(String method, String path) {
        return ROUTES.match(method, path);
    }

    @Override
    public Reply handle(Endpoint endpoint, Call call) {
        return switch (endpoint) {
            case SIGNALWIRE_PURCHASE_NUMBER -> numbers.purchase(call);
            case SIGNALWIRE_LIST_NUMBERS -> numbers.list(call);
            case SIGNALWIRE_RELEASE_NUMBER -> numbers.release(call, id(endpoint, call));
            case SIGNALWIRE_UPDATE_NUMBER -> updates.update(call, id(endpoint, call));
            case SIGNALWIRE_SEARCH_NUMBERS -> search.search(call);
            case SIGNALWIRE_CREATE_ORDER -> orders.create(call, id(endpoint, call));
            case SIGNALWIRE_LIST_ORDERS -> orders.list(call, id(endpoint, call));
            case SIGNALWIRE_GET_ORDER -> orders.get(id(endpoint, call));
            case SIGNALWIRE_LIST_ASSIGNMENTS -> orders.assignments(call, id(endpoint, call));
            case SIGNALWIRE_DELETE_ASSIGNMENT -> orders.deleteAssignment(id(endpoint, call));
            default -> throw new IllegalArgumentException(endpoint.name());
        };
    }

    @Override
    public ProviderStore store() {
        return store;
    }

    @Override
    public Reply error(int status) {
        return failure(status);
    }

    private static String id(Endpoint endpoint, Call call) {
        return ROUTES.id(endpoint, call.path());
    }

    static Reply failure(int status) {
        final String text = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
        return Reply.of(status, Map.of("error", text));
    }

    static Reply validation(String code, String detail) {
        return Reply.of(422, Map.of("errors", List.of(Map.of(
                "detail", detail, "status", "422", "title", "Unprocessable Entity", "code", code))));
    }
}
