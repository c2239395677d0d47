package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * SignalWire's numbers and 10DLC assignment-order endpoints, shaped like signalwire-numbers.openapi.yaml.
 *
 * <p>Over 300 lines on purpose: one class per provider mirrors the spec's paths one handler each, and the handlers
 * share the response shapes (phone number, order, assignment, paging links) and the store's lock; the inventory
 * itself lives in {@link Inventory}.
 */
final class SignalWireApi {

    static final String BASE = "/api/relay/rest";
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    private static final Pattern US_NUMBER = Pattern.compile("\\+1\\d{10}");
    private static final Pattern CAMPAIGN_ORDERS = Pattern.compile("/registry/beta/campaigns/([^/]+)/orders");
    private static final Pattern CAMPAIGN_NUMBERS = Pattern.compile("/registry/beta/campaigns/([^/]+)/numbers");
    private static final Pattern ORDER = Pattern.compile("/registry/beta/orders/([^/]+)");
    private static final Pattern PHONE_NUMBER = Pattern.compile("/phone_numbers/([^/]+)");
    private static final Pattern ASSIGNED_NUMBER = Pattern.compile("/registry/beta/numbers/([^/]+)");
    private static final Pattern SEARCH_DIGITS = Pattern.compile("\\d{3,7}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private final Store store;
    private final ObjectMapper json;
    private final SimulatorConfig config;
    private final ScheduledExecutorService scheduler;
    private final WebhookDispatcher webhooks;
    private final Accounts accounts;

    SignalWireApi(Store store, ObjectMapper json, SimulatorConfig config, ScheduledExecutorService scheduler,
                  WebhookDispatcher webhooks, Accounts accounts) {
        this.accounts = accounts;
        this.store = store;
        this.json = json;
        this.config = config;
        this.scheduler = scheduler;
        this.webhooks = webhooks;
    }

    static Endpoint route(String method, String path) {
        if (path.equals("/phone_numbers")) {
            return switch (method) {
                case "POST" -> Endpoint.SIGNALWIRE_PURCHASE_NUMBER;
                case "GET" -> Endpoint.SIGNALWIRE_LIST_NUMBERS;
                default -> null;
            };
        }
        if (path.equals("/phone_numbers/search") && method.equals("GET")) {
            return Endpoint.SIGNALWIRE_SEARCH_NUMBERS;
        }
        if (PHONE_NUMBER.matcher(path).matches() && method.equals("DELETE")) {
            return Endpoint.SIGNALWIRE_RELEASE_NUMBER;
        }
        if (ASSIGNED_NUMBER.matcher(path).matches() && method.equals("DELETE")) {
            return Endpoint.SIGNALWIRE_DELETE_ASSIGNMENT;
        }
        if (CAMPAIGN_ORDERS.matcher(path).matches()) {
            return switch (method) {
                case "POST" -> Endpoint.SIGNALWIRE_CREATE_ORDER;
                case "GET" -> Endpoint.SIGNALWIRE_LIST_ORDERS;
                default -> null;
            };
        }
        if (CAMPAIGN_NUMBERS.matcher(path).matches() && method.equals("GET")) {
            return Endpoint.SIGNALWIRE_LIST_ASSIGNMENTS;
        }
        if (ORDER.matcher(path).matches() && method.equals("GET")) {
            return Endpoint.SIGNALWIRE_GET_ORDER;
        }
        return null;
    }

    Reply handle(Endpoint endpoint, Call call) {
        return switch (endpoint) {
            case SIGNALWIRE_PURCHASE_NUMBER -> purchase(call);
            case SIGNALWIRE_LIST_NUMBERS -> listNumbers(call);
            case SIGNALWIRE_SEARCH_NUMBERS -> search(call);
            case SIGNALWIRE_CREATE_ORDER -> createOrder(call, group(CAMPAIGN_ORDERS, call.path()));
            case SIGNALWIRE_LIST_ORDERS -> listOrders(call, group(CAMPAIGN_ORDERS, call.path()));
            case SIGNALWIRE_GET_ORDER -> getOrder(group(ORDER, call.path()));
            case SIGNALWIRE_LIST_ASSIGNMENTS -> listAssignments(call, group(CAMPAIGN_NUMBERS, call.path()));
            case SIGNALWIRE_RELEASE_NUMBER -> release(call, group(PHONE_NUMBER, call.path()));
            case SIGNALWIRE_DELETE_ASSIGNMENT -> deleteAssignment(group(ASSIGNED_NUMBER, call.path()));
            default -> throw new IllegalArgumentException(endpoint.name());
        };
    }

    static Reply error(int status) {
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

    private Reply purchase(Call call) {
        final JsonNode body = parse(call.body());
        if (body == null || !body.isObject() || hasFieldsOtherThan(body, Set.of("number"))) {
            return error(400);
        }
        final JsonNode number = body.get("number");
        if (number == null || !number.isTextual() || !E164.matcher(number.asText()).matches()) {
            return validation("invalid_parameter", "number must be a phone number in E.164 format");
        }
        final String e164 = number.asText();
        if (!US_NUMBER.matcher(e164).matches() || store.unavailable.contains(e164)) {
            return validation("number_not_available", "The number " + e164 + " is not available for purchase");
        }
        final Store.SwNumber bought;
        synchronized (store) {
            if (store.swNumbersByNumber.containsKey(e164)) {
                return validation("number_already_owned", "The number " + e164 + " is already in your project");
            }
            bought = new Store.SwNumber(UUID.randomUUID().toString(), e164, now());
            store.swNumbersByNumber.put(e164, bought);
            store.swNumbersById.put(bought.id(), bought);
            store.swNumbers.add(bought);
            store.countPurchase(e164);
            accounts.own(Accounts.Kind.SIGNALWIRE, e164, call.account());
        }
        return Reply.of(200, phoneNumber(bought));
    }

    private Reply listNumbers(Call call) {
        final String filter = call.query().get("filter_number");
        final String nameFilter = call.query().get("filter_name");
        if (filter != null && nameFilter == null && US_NUMBER.matcher(filter).matches()) {
            // Only +1 numbers can be owned, so a full +1 number matches at most itself: answer from the index
            // instead of scanning, which keeps lookups flat under load.
            final Store.SwNumber owned = store.swNumbersByNumber.get(filter);
            return page(call, owned == null || !ownedByCaller(call, owned) ? List.of() : List.of(phoneNumber(owned)));
        }
        final List<Object> matching = new ArrayList<>();
        // Newest first, as SignalWire lists them; the log is in creation order.
        for (var it = store.swNumbers.descendingIterator(); it.hasNext(); ) {
            final Store.SwNumber n = it.next();
            if ((filter == null || n.number().contains(filter)) && (nameFilter == null || n.number()
                    .contains(nameFilter))
                    && ownedByCaller(call, n)) {
                matching.add(phoneNumber(n));
            }
        }
        return page(call, matching);
    }

    // The spec documents no 4xx for search, so a malformed pattern finds nothing and a malformed max_results falls
    // back to the default rather than failing the call.
    private Reply search(Call call) {
        final String starts = call.query().get("starts_with");
        final String contains = call.query().get("contains");
        final String ends = call.query().get("ends_with");
        final long patterns = Stream.of(starts, contains, ends).filter(Objects::nonNull).count();
        final boolean validPatterns = patterns <= 1 && Stream.of(starts, contains, ends)
                .allMatch(p -> p == null || SEARCH_DIGITS.matcher(p).matches());
        int max;
        try {
            max = Math.clamp(Integer.parseInt(call.queryOr("max_results", "50")), 1, 100);
        } catch (NumberFormatException e) {
            max = 50;
        }
        final boolean tollFree = "toll-free".equals(call.query().get("number_type"));
        final List<Object> data = new ArrayList<>();
        if (validPatterns) {
            final Inventory.Query query = new Inventory.Query(call.query().get("areacode"), tollFree, starts, contains,
                    ends, max);
            for (String number : store.inventory.search(query, n -> !store.swNumbersByNumber.containsKey(n)
                    && !store.unavailable.contains(n), store.unavailable)) {
                data.add(tollFree ? Map.of("number", number, "capabilities", capabilities())
                        : Map.of("number", number, "region", "CA", "city", "Simulated", "capabilities",
                                capabilities()));
            }
        }
        return Reply.of(200, Map.of("data", data));
    }

    // Each project sees only the numbers it bought (Accounts), so one account's lookup never finds another's purchase.
    private boolean ownedByCaller(Call call, Store.SwNumber number) {
        return accounts.owns(Accounts.Kind.SIGNALWIRE, call.account(), number.number());
    }

    private static Map<String, Object> capabilities() {
        return Map.of("voice", true, "sms", true, "mms", true, "fax", false);
    }

    // Releasing gives the number back to the inventory; its assignments go with it, as a released number can no
    // longer send on a campaign.
    private Reply release(Call call, String id) {
        final Store.SwNumber released;
        synchronized (store) {
            final Store.SwNumber owned = store.swNumbersById.get(id);
            // Another project's number is not found in this one, as with the real API.
            if (owned == null || !ownedByCaller(call, owned)) {
                return error(404);
            }
            released = store.swNumbersById.remove(id);
            store.swNumbersByNumber.remove(released.number());
            store.swNumbers.remove(released);
            accounts.release(Accounts.Kind.SIGNALWIRE, released.number());
        }
        store.swAssignments.removeIf(a -> a.number.equals(released.number()));
        return Reply.empty(204);
    }

    private Reply deleteAssignment(String id) {
        final boolean removed = store.swAssignments.removeIf(a -> a.id.equals(id));
        return removed ? Reply.empty(204) : error(404);
    }

    private Reply createOrder(Call call, String campaignId) {
        if (!store.campaignBrands.containsKey(campaignId)) {
            return error(404);
        }
        final JsonNode body = parse(call.body());
        if (body == null || !body.isObject() || hasFieldsOtherThan(body, Set.of("phone_numbers",
                "status_callback_url"))) {
            return validation("invalid_parameter", "the body must be a CreateOrderRequest");
        }
        final JsonNode numbers = body.get("phone_numbers");
        if (numbers == null || !numbers.isArray() || numbers.isEmpty()) {
            return validation("invalid_parameter", "phone_numbers must list at least one number");
        }
        final String callback = body.hasNonNull("status_callback_url") ? body.get("status_callback_url").asText()
                : null;
        final String orderId = UUID.randomUUID().toString();
        final Instant created = now();
        final List<Store.SwAssignment> assignments = new ArrayList<>();
        for (JsonNode n : numbers) {
            if (!n.isTextual() || !E164.matcher(n.asText()).matches()) {
                return validation("invalid_parameter", "phone_numbers must be E.164 numbers");
            }
            final Store.SwNumber owned = store.swNumbersByNumber.get(n.asText());
            assignments.add(new Store.SwAssignment(UUID.randomUUID().toString(), orderId, campaignId,
                    owned != null ? owned.id() : UUID.nameUUIDFromBytes(n.asText().getBytes()).toString(),
                    n.asText(), callback, created));
        }
        final Store.SwOrder order = new Store.SwOrder(orderId, campaignId, callback, created, List.copyOf(assignments),
                call.account());
        store.swOrders.put(orderId, order);
        store.swOrderList.add(order);
        store.swAssignments.addAll(assignments);
        scheduleLifecycle(order);
        return Reply.of(200, order(order));
    }

    private Reply listOrders(Call call, String campaignId) {
        if (!store.campaignBrands.containsKey(campaignId)) {
            return error(404);
        }
        final String state = call.query().get("filter_state");
        final List<Object> data = new ArrayList<>();
        for (Store.SwOrder o : store.swOrderList) {
            if (o.campaignId.equals(campaignId) && (state == null || state.equals(o.state))) {
                data.add(order(o));
            }
        }
        return page(call, data);
    }

    private Reply getOrder(String orderId) {
        final Store.SwOrder order = store.swOrders.get(orderId);
        return order == null ? error(404) : Reply.of(200, order(order));
    }

    private Reply listAssignments(Call call, String campaignId) {
        if (!store.campaignBrands.containsKey(campaignId)) {
            return error(404);
        }
        final String state = call.query().get("filter_state");
        final List<Object> data = new ArrayList<>();
        for (Store.SwAssignment a : store.swAssignments) {
            if (a.campaignId.equals(campaignId) && (state == null || state.equals(a.state))) {
                data.add(assignment(a));
            }
        }
        return page(call, data);
    }

    // Life cycle: order processed after one step; each assignment settles one step later, a fail-once number fails
    // first, goes back to pending and completes on the following steps.
    private void scheduleLifecycle(Store.SwOrder order) {
        final long step = Math.max(1, config.lifecycleStep().toMillis());
        scheduler.schedule(() -> {
            final Instant at = now();
            order.state = "processed";
            order.processedAt = at;
            order.updatedAt = at;
            notify(order, null, "number_assignment_order", "number_assignment_order_processed", "processed");
        }, step, TimeUnit.MILLISECONDS);
        for (Store.SwAssignment a : order.assignments) {
            if (store.failOnce.remove(a.number)) {
                transition(order, a, "failed", "number_assignment_failed", 2 * step);
                transition(order, a, "pending", "number_assignment_pending", 3 * step);
                transition(order, a, "completed", "number_assignment_activated", 4 * step);
            } else {
                transition(order, a, "completed", "number_assignment_activated", 2 * step);
            }
        }
    }

    private void transition(Store.SwOrder order, Store.SwAssignment a, String state, String event, long delayMs) {
        scheduler.schedule(() -> {
            a.state = state;
            a.updatedAt = now();
            notify(order, a, "number_assignment", event, state);
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void notify(Store.SwOrder order, Store.SwAssignment a, String category, String event, String state) {
        final Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("project_id", accounts.signalWireProjectId(order.account));
        payload.put("event_at", TIME.format(now()));
        payload.put("event_category", category);
        payload.put("event_type", event);
        payload.put("state", state);
        payload.put("brand_id", store.campaignBrands.get(order.campaignId));
        payload.put("campaign_id", order.campaignId);
        payload.put("number_assignment_order_id", order.id);
        if (a != null) {
            payload.put("number_assignment_id", a.id);
            payload.put("phone_number_id", a.phoneNumberId);
            payload.put("phone_number", a.number);
        }
        final byte[] body = bytes(payload);
        webhooks.submit(new WebhookDispatcher.Delivery("signalwire", order.callbackUrl, event, attempt -> body));
    }

    private Reply page(Call call, List<Object> all) {
        final int size;
        final int number;
        try {
            size = Integer.parseInt(call.queryOr("page_size", "50"));
            number = Integer.parseInt(call.queryOr("page_number", call.queryOr("page_token", "0")));
        } catch (NumberFormatException e) {
            return error(400);
        }
        if (size < 1 || size > 1000 || number < 0) {
            return error(400);
        }
        final int from = (int) Math.min((long) number * size, all.size());
        final int to = Math.min(from + size, all.size());
        final Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", link(call, number, size));
        links.put("first", link(call, 0, size));
        if (to < all.size()) {
            links.put("next", link(call, number + 1, size));
        }
        if (number > 0) {
            links.put("prev", link(call, number - 1, size));
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", links);
        body.put("data", all.subList(from, to));
        return Reply.of(200, body);
    }

    private static String link(Call call, int page, int size) {
        final StringBuilder link = new StringBuilder(BASE).append(call.path()).append('?');
        call.query().forEach((k, v) -> {
            if (!k.equals("page_number") && !k.equals("page_size") && !k.equals("page_token")) {
                link.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
            }
        });
        return link.append("page_number=").append(page).append("&page_size=").append(size).toString();
    }

    private Map<String, Object> phoneNumber(Store.SwNumber n) {
        final Map<String, Object> m = new LinkedHashMap<>();
        final String created = TIME.format(n.createdAt());
        m.put("id", n.id());
        m.put("number", n.number());
        m.put("name", n.number());
        m.put("capabilities", List.of("voice", "sms", "mms", "fax"));
        m.put("number_type", n.number().startsWith("+18") ? "toll-free" : "longcode");
        m.put("e911_address_id", null);
        m.put("e911_status", null);
        m.put("created_at", created);
        m.put("updated_at", created);
        m.put("next_billed_at", TIME.format(n.createdAt().plus(30, ChronoUnit.DAYS)));
        m.put("call_handler", null);
        m.put("calling_handler_resource_id", null);
        m.put("call_receive_mode", "voice");
        for (String k : List.of("call_request_url", "call_request_method", "call_fallback_url", "call_fallback_method",
                "call_status_callback_url", "call_status_callback_method", "call_laml_application_id",
                "call_dialogflow_agent_id", "call_relay_topic", "call_relay_topic_status_callback_url",
                "call_relay_script_url", "call_relay_context", "call_relay_context_status_callback_url",
                "call_relay_application", "call_relay_connector_id", "call_sip_endpoint_id", "call_verto_resource",
                "call_video_room_id", "message_handler", "messaging_handler_resource_id", "message_request_url",
                "message_request_method", "message_fallback_url", "message_fallback_method",
                "message_laml_application_id", "message_relay_topic", "message_relay_context")) {
            m.put(k, null);
        }
        m.put("country_code", "US");
        return m;
    }

    static Map<String, Object> order(Store.SwOrder o) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id);
        m.put("state", o.state);
        if (o.processedAt != null) {
            m.put("processed_at", TIME.format(o.processedAt));
        }
        m.put("created_at", TIME.format(o.createdAt));
        m.put("updated_at", TIME.format(o.updatedAt));
        if (o.callbackUrl != null) {
            m.put("status_callback_url", o.callbackUrl);
        }
        return m;
    }

    private static Map<String, Object> assignment(Store.SwAssignment a) {
        final Map<String, Object> phone = new LinkedHashMap<>();
        phone.put("id", a.phoneNumberId);
        phone.put("name", a.number);
        phone.put("number", a.number);
        if (a.callbackUrl != null) {
            phone.put("status_callback_url", a.callbackUrl);
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id);
        m.put("state", a.state);
        m.put("campaign_id", a.campaignId);
        m.put("phone_number", phone);
        m.put("created_at", TIME.format(a.createdAt));
        m.put("updated_at", TIME.format(a.updatedAt));
        return m;
    }

    private static String group(Pattern pattern, String path) {
        final Matcher m = pattern.matcher(path);
        if (!m.matches()) {
            throw new IllegalArgumentException(path);
        }
        return m.group(1);
    }

    private JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean hasFieldsOtherThan(JsonNode body, Set<String> allowed) {
        final Predicate<String> unknown = name -> !allowed.contains(name);
        for (var it = body.fieldNames(); it.hasNext(); ) {
            if (unknown.test(it.next())) {
                return true;
            }
        }
        return false;
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
