package dev.numbers.sandbox.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Telnyx's number-order, number search, phone-number and 10DLC endpoints, shaped like seed 003 and Telnyx's public
 * reference (v2 JSON:API-ish envelopes): the routing table, Telnyx's error shape and rate-limit headers. The handlers
 * live in {@link TelnyxOrders}, {@link TelnyxNumbers}, {@link TelnyxUpdates}, {@link TelnyxReservations} and
 * {@link TelnyxTenDlc}.
 */
final class TelnyxApi implements ProviderApi {

    static final String BASE = "/v2";

    private static final Routes ROUTES = new Routes(List.of(
            Routes.route("POST", "/number_orders", Endpoint.TELNYX_CREATE_NUMBER_ORDER),
            Routes.route("GET", "/number_orders", Endpoint.TELNYX_LIST_NUMBER_ORDERS),
            Routes.route("GET", "/number_orders/([^/]+)", Endpoint.TELNYX_GET_NUMBER_ORDER),
            Routes.route("GET", "/phone_numbers", Endpoint.TELNYX_LIST_PHONE_NUMBERS),
            Routes.route("GET", "/available_phone_numbers", Endpoint.TELNYX_SEARCH_NUMBERS),
            Routes.route("DELETE", "/phone_numbers/([^/]+)", Endpoint.TELNYX_DELETE_PHONE_NUMBER),
            Routes.route("GET", "/phone_numbers/([^/]+)", Endpoint.TELNYX_GET_PHONE_NUMBER),
            Routes.route("PATCH", "/phone_numbers/([^/]+)", Endpoint.TELNYX_UPDATE_PHONE_NUMBER),
            Routes.route("PATCH", "/phone_numbers/([^/]+)/messaging", Endpoint.TELNYX_UPDATE_MESSAGING),
            Routes.route("GET", "/phone_numbers/([^/]+)/voice", Endpoint.TELNYX_GET_VOICE),
            Routes.route("PATCH", "/phone_numbers/([^/]+)/voice", Endpoint.TELNYX_UPDATE_VOICE),
            Routes.route("POST", "/number_reservations", Endpoint.TELNYX_CREATE_RESERVATION),
            Routes.route("GET", "/number_reservations", Endpoint.TELNYX_LIST_RESERVATIONS),
            Routes.route("GET", "/number_reservations/([^/]+)", Endpoint.TELNYX_GET_RESERVATION),
            Routes.route("POST", "/number_reservations/([^/]+)/actions/extend",
                    Endpoint.TELNYX_EXTEND_RESERVATION),
            Routes.route("POST", "/10dlc/brand", Endpoint.TELNYX_CREATE_BRAND),
            Routes.route("POST", "/10dlc/campaignBuilder", Endpoint.TELNYX_CREATE_CAMPAIGN),
            Routes.route("POST", "/10dlc/phone_number_campaigns", Endpoint.TELNYX_ASSIGN_CAMPAIGN_NUMBER)));

    private final TelnyxStore store;
    private final TelnyxOrders orders;
    private final TelnyxNumbers numbers;
    private final TelnyxUpdates updates;
    private final TelnyxReservations reservations;
    private final TelnyxTenDlc tenDlc;

    TelnyxApi(Store market, TelnyxStore store, JsonBodies bodies, SimulatorConfig config,
              ScheduledExecutorService scheduler, WebhookDispatcher webhooks, Accounts accounts,
              NumberConfigs configs) {
        this.store = store;
        this.updates = new TelnyxUpdates(store, bodies, accounts, configs);
        this.reservations = new TelnyxReservations(market, store, bodies);
        this.orders = new TelnyxOrders(market, store, bodies, config, scheduler, webhooks, accounts, reservations);
        this.numbers = new TelnyxNumbers(market, store, accounts, configs, reservations);
        this.tenDlc = new TelnyxTenDlc(bodies, config, scheduler, webhooks);
    }

    void webhookUrl(String url) {
        orders.webhookUrl(url);
    }

    TelnyxReservations reservations() {
        return reservations;
    }

    @Override
    public Accounts.Kind kind() {
        return Accounts.Kind.TELNYX;
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
            case TELNYX_CREATE_NUMBER_ORDER -> orders.create(call);
            case TELNYX_LIST_NUMBER_ORDERS -> orders.list(call);
            case TELNYX_GET_NUMBER_ORDER -> orders.get(ROUTES.id(endpoint, call.path()));
            case TELNYX_LIST_PHONE_NUMBERS -> numbers.list(call);
            case TELNYX_SEARCH_NUMBERS -> numbers.search(call);
            case TELNYX_DELETE_PHONE_NUMBER -> numbers.delete(call, ROUTES.id(endpoint, call.path()));
            case TELNYX_GET_PHONE_NUMBER -> updates.get(call, ROUTES.id(endpoint, call.path()));
            case TELNYX_UPDATE_PHONE_NUMBER -> updates.update(call, ROUTES.id(endpoint, call.path()));
            case TELNYX_UPDATE_MESSAGING -> updates.updateMessaging(call, ROUTES.id(endpoint, call.path()));
            case TELNYX_GET_VOICE -> updates.voice(call, ROUTES.id(endpoint, call.path()));
            case TELNYX_UPDATE_VOICE -> updates.updateVoice(call, ROUTES.id(endpoint, call.path()));
            case TELNYX_CREATE_RESERVATION -> reservations.create(call);
            case TELNYX_LIST_RESERVATIONS -> reservations.list(call);
            case TELNYX_GET_RESERVATION -> reservations.get(call, ROUTES.id(endpoint, call.path()));
            case TELNYX_EXTEND_RESERVATION -> reservations.extend(call, ROUTES.id(endpoint, call.path()));
            case TELNYX_CREATE_BRAND -> tenDlc.createBrand(call);
            case TELNYX_CREATE_CAMPAIGN -> tenDlc.createCampaign(call);
            case TELNYX_ASSIGN_CAMPAIGN_NUMBER -> tenDlc.assignNumber(call);
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

    /** Telnyx reports the account's limit on every answer, not only on 429s. */
    @Override
    public Map<String, String> limitHeaders(Faults.Admission admission) {
        final Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ratelimit-limit", Integer.toString(admission.limit()));
        headers.put("x-ratelimit-remaining", Integer.toString(admission.remaining()));
        headers.put("x-ratelimit-reset", Long.toString(admission.resetSeconds()));
        return headers;
    }

    static Reply failure(int status, String code, String title, String detail, String pointer) {
        final Map<String, Object> item = new LinkedHashMap<>();
        item.put("code", code);
        item.put("title", title);
        item.put("detail", detail);
        item.put("source", pointer == null ? Map.of() : Map.of("pointer", pointer));
        return Reply.of(status, Map.of("errors", List.of(item)));
    }

    static Reply failure(int status) {
        return switch (status) {
            case 401 -> failure(401, "10009", "Authentication failed", "The API key is missing or invalid", null);
            case 404 -> failure(404, "10005", "Resource not found", "The requested resource was not found", null);
            case 429 -> failure(429, "10011", "Too many requests", "Rate limit exceeded, retry later", null);
            case 503 -> failure(503, "10010", "Service unavailable", "The service is temporarily unavailable", null);
            default -> failure(500, "10007", "Unexpected error", "An unexpected error occurred", null);
        };
    }
}
