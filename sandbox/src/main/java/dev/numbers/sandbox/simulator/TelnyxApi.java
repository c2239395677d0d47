package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Telnyx's number-order, number search and phone-number endpoints, shaped like seed 003 and Telnyx's public reference
 * (v2 JSON:API-ish envelopes). Over 300 lines for the same reason as {@link SignalWireApi}: one handler per path,
 * sharing the envelopes and the store's lock.
 */
final class TelnyxApi {

    static final String BASE = "/v2";
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    private static final Pattern US_NUMBER = Pattern.compile("\\+1\\d{10}");
    private static final Pattern ORDER = Pattern.compile("/number_orders/([^/]+)");
    private static final Pattern PHONE_NUMBER = Pattern.compile("/phone_numbers/([^/]+)");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final Store store;
    private final ObjectMapper json;
    private final SimulatorConfig config;
    private final ScheduledExecutorService scheduler;
    private final WebhookDispatcher webhooks;
    private volatile String webhookUrl;
    private final Accounts accounts;

    TelnyxApi(Store store, ObjectMapper json, SimulatorConfig config, ScheduledExecutorService scheduler,
              WebhookDispatcher webhooks, Accounts accounts) {
        this.accounts = accounts;
        this.store = store;
        this.json = json;
        this.config = config;
        this.scheduler = scheduler;
        this.webhooks = webhooks;
        this.webhookUrl = config.telnyxWebhookUrl();
    }

    void webhookUrl(String url) {
        webhookUrl = url;
    }

    static Endpoint route(String method, String path) {
        if (path.equals("/number_orders")) {
            return switch (method) {
                case "POST" -> Endpoint.TELNYX_CREATE_NUMBER_ORDER;
                case "GET" -> Endpoint.TELNYX_LIST_NUMBER_ORDERS;
                default -> null;
            };
        }
        if (ORDER.matcher(path).matches() && method.equals("GET")) {
            return Endpoint.TELNYX_GET_NUMBER_ORDER;
        }
        if (path.equals("/phone_numbers") && method.equals("GET")) {
            return Endpoint.TELNYX_LIST_PHONE_NUMBERS;
        }
        if (path.equals("/available_phone_numbers") && method.equals("GET")) {
            return Endpoint.TELNYX_SEARCH_NUMBERS;
        }
        if (PHONE_NUMBER.matcher(path).matches() && method.equals("DELETE")) {
            return Endpoint.TELNYX_DELETE_PHONE_NUMBER;
        }
        return null;
    }

    Reply handle(Endpoint endpoint, Call call) {
        return switch (endpoint) {
            case TELNYX_CREATE_NUMBER_ORDER -> create(call);
            case TELNYX_LIST_NUMBER_ORDERS -> list(call);
            case TELNYX_GET_NUMBER_ORDER -> get(call.path().substring("/number_orders/".length()));
            case TELNYX_LIST_PHONE_NUMBERS -> phoneNumbers(call);
            case TELNYX_SEARCH_NUMBERS -> search(call);
            case TELNYX_DELETE_PHONE_NUMBER -> delete(call, call.path().substring("/phone_numbers/".length()));
            default -> throw new IllegalArgumentException(endpoint.name());
        };
    }

    static Reply error(int status, String code, String title, String detail, String pointer) {
        final Map<String, Object> item = new LinkedHashMap<>();
        item.put("code", code);
        item.put("title", title);
        item.put("detail", detail);
        item.put("source", pointer == null ? Map.of() : Map.of("pointer", pointer));
        return Reply.of(status, Map.of("errors", List.of(item)));
    }

    static Reply error(int status) {
        return switch (status) {
            case 401 -> error(401, "10009", "Authentication failed", "The API key is missing or invalid", null);
            case 404 -> error(404, "10005", "Resource not found", "The requested resource was not found", null);
            case 429 -> error(429, "10011", "Too many requests", "Rate limit exceeded, retry later", null);
            case 503 -> error(503, "10010", "Service unavailable", "The service is temporarily unavailable", null);
            default -> error(500, "10007", "Unexpected error", "An unexpected error occurred", null);
        };
    }

    private Reply create(Call call) {
        final JsonNode body;
        try {
            body = json.readTree(call.body());
        } catch (IOException e) {
            return error(400, "10015", "Bad Request", "The request body is not valid JSON", "/");
        }
        if (body == null || !body.isObject() || !body.path("phone_numbers").isArray() || body.get("phone_numbers")
                .isEmpty()) {
            return error(422, "10015", "Invalid value", "phone_numbers must list at least one number",
                    "/phone_numbers");
        }
        final String orderId = UUID.randomUUID().toString();
        final List<Store.TelnyxOrderNumber> numbers = new ArrayList<>();
        for (JsonNode n : body.get("phone_numbers")) {
            final String phone = n.path("phone_number").asText("");
            if (!E164.matcher(phone).matches()) {
                return error(422, "10015", "Invalid value", "phone_number must be E.164",
                        "/phone_numbers/phone_number");
            }
            numbers.add(new Store.TelnyxOrderNumber(UUID.randomUUID().toString(), phone,
                    text(n, "bundle_id"), text(n, "requirement_group_id")));
        }
        final Store.TelnyxOrder order = new Store.TelnyxOrder(orderId, text(body, "connection_id"),
                text(body, "messaging_profile_id"), text(body, "billing_group_id"), text(body, "customer_reference"),
                List.copyOf(numbers), now());
        for (Store.TelnyxOrderNumber n : numbers) {
            // Check and take under one lock: racing orders for one number must sell it once.
            synchronized (store) {
                // A number whose orders are set to fail is not taken: complete() then reports the order failed,
                // as Telnyx does when a number went to someone else after the order was accepted.
                if (available(n.phoneNumber) && !store.telnyxOrdersFail.contains(n.phoneNumber)) {
                    store.countPurchase(n.phoneNumber);
                    final Store.TelnyxNumber owned = new Store.TelnyxNumber(UUID.randomUUID().toString(),
                            n.phoneNumber, orderId, order.connectionId, order.messagingProfileId,
                            order.customerReference, order.createdAt);
                    store.telnyxNumbersByNumber.put(n.phoneNumber, owned);
                    store.telnyxNumbersById.put(owned.id(), owned);
                    store.telnyxNumbers.add(owned);
                    accounts.own(Accounts.Kind.TELNYX, n.phoneNumber, call.account());
                }
            }
        }
        store.telnyxOrders.put(orderId, order);
        store.telnyxOrderList.add(order);
        scheduler.schedule(() -> complete(order, call.account()), Math.max(1, config.lifecycleStep().toMillis()),
                TimeUnit.MILLISECONDS);
        return Reply.of(200, Map.of("data", order(order)));
    }

    private boolean available(String phone) {
        return US_NUMBER.matcher(phone).matches() && !store.unavailable.contains(phone)
                && !store.telnyxNumbersByNumber.containsKey(phone);
    }

    // the webhook is signed with the key of the account that placed the order (WebhookKeys)
    private void complete(Store.TelnyxOrder order, String account) {
        boolean allOk = true;
        for (Store.TelnyxOrderNumber n : order.numbers) {
            final Store.TelnyxNumber owned = store.telnyxNumbersByNumber.get(n.phoneNumber);
            final boolean ok = owned != null && owned.orderId().equals(order.id);
            n.status = ok ? "success" : "failure";
            allOk &= ok;
        }
        order.status = allOk ? "success" : "failure";
        order.updatedAt = now();
        final String url = webhookUrl;
        if (url == null) {
            return;
        }
        final String eventId = UUID.randomUUID().toString();
        final String occurredAt = TIME.format(now());
        final Map<String, Object> payload = order(order);
        webhooks.submit(new WebhookDispatcher.Delivery("telnyx", url, "number_order.complete", account, attempt -> {
            final Map<String, Object> data = new LinkedHashMap<>();
            data.put("event_type", "number_order.complete");
            data.put("id", eventId);
            data.put("occurred_at", occurredAt);
            data.put("payload", payload);
            data.put("record_type", "event");
            final Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("data", data);
            envelope.put("meta", Map.of("attempt", attempt, "delivered_to", url));
            try {
                return json.writeValueAsBytes(envelope);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private Reply list(Call call) {
        final String reference = call.query().get("filter[customer_reference]");
        final String status = call.query().get("filter[status]");
        final List<Object> data = new ArrayList<>();
        for (Store.TelnyxOrder o : store.telnyxOrderList) {
            if ((reference == null || reference.equals(o.customerReference)) && (status == null
                    || status.equals(o.status))) {
                data.add(order(o));
            }
        }
        return paged(call, data);
    }

    private Reply get(String id) {
        final Store.TelnyxOrder order = store.telnyxOrders.get(id);
        return order == null ? error(404) : Reply.of(200, Map.of("data", order(order)));
    }

    private Reply phoneNumbers(Call call) {
        final String filter = call.query().get("filter[phone_number]");
        final List<Object> data = new ArrayList<>();
        for (Store.TelnyxNumber n : store.telnyxNumbers) {
            // Each account sees only the numbers it ordered (Accounts).
            if ((filter == null || n.phoneNumber().equals(filter))
                    && accounts.owns(Accounts.Kind.TELNYX, call.account(), n.phoneNumber())) {
                data.add(phoneNumber(n, "active"));
            }
        }
        return paged(call, data);
    }

    private static Map<String, Object> phoneNumber(Store.TelnyxNumber n, String status) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("record_type", "phone_number");
        m.put("phone_number", n.phoneNumber());
        m.put("status", status);
        m.put("connection_id", n.connectionId());
        m.put("messaging_profile_id", n.messagingProfileId());
        m.put("customer_reference", n.customerReference());
        m.put("created_at", TIME.format(n.createdAt()));
        m.put("updated_at", TIME.format(n.createdAt()));
        return m;
    }

    // GET /v2/available_phone_numbers with Telnyx's deepObject filters. With a national_destination_code,
    // starts_with applies to the digits after it, as Telnyx documents.
    private Reply search(Call call) {
        final Map<String, String> q = call.query();
        final String ndc = q.get("filter[national_destination_code]");
        final String starts = q.get("filter[phone_number][starts_with]");
        final String contains = q.get("filter[phone_number][contains]");
        final String ends = q.get("filter[phone_number][ends_with]");
        for (String digits : Arrays.asList(ndc, starts, contains, ends)) {
            if (digits != null && !DIGITS.matcher(digits).matches()) {
                return error(400, "10015", "Invalid value", "phone number filters must be digits", "/filter");
            }
        }
        final String country = q.getOrDefault("filter[country_code]", "US");
        final String type = q.getOrDefault("filter[phone_number_type]", "local");
        int limit;
        try {
            limit = Math.clamp(Integer.parseInt(q.getOrDefault("filter[limit]", "50")), 1, 100);
        } catch (NumberFormatException e) {
            return error(400, "10015", "Invalid value", "filter[limit] must be an integer", "/filter/limit");
        }
        final List<Object> data = new ArrayList<>();
        if (country.equals("US") && (type.equals("local") || type.equals("toll_free"))) {
            final Inventory.Query query = new Inventory.Query(ndc, type.equals("toll_free"),
                    starts == null ? null : (ndc == null ? "" : ndc) + starts, contains, ends, limit);
            for (String number : store.inventory.search(query, n -> !store.telnyxNumbersByNumber.containsKey(n)
                    && !store.unavailable.contains(n), store.unavailable)) {
                data.add(available(number, type));
            }
        }
        final Map<String, Object> meta = Map.of("total_results", data.size(), "best_effort_results", 0);
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("meta", meta);
        body.put("metadata", meta);
        return Reply.of(200, body);
    }

    private static Map<String, Object> available(String number, String type) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("record_type", "available_phone_number");
        m.put("phone_number", number);
        m.put("vanity_format", "");
        m.put("best_effort", false);
        m.put("quickship", true);
        m.put("reservable", true);
        m.put("region_information", List.of(Map.of("region_type", "country_code", "region_name", "US")));
        m.put("cost_information", Map.of("upfront_cost", "1.00",
                "monthly_cost", "1.00", "currency", "USD"));
        m.put("features", List.of(Map.of("name", "sms"), Map.of("name", "voice")));
        return m;
    }

    private Reply delete(Call call, String id) {
        final Store.TelnyxNumber deleted;
        synchronized (store) {
            final Store.TelnyxNumber owned = store.telnyxNumbersById.get(id);
            if (owned == null || !accounts.owns(Accounts.Kind.TELNYX, call.account(), owned.phoneNumber())) {
                return error(404);
            }
            deleted = store.telnyxNumbersById.remove(id);
            accounts.release(Accounts.Kind.TELNYX, deleted.phoneNumber());
            store.telnyxNumbersByNumber.remove(deleted.phoneNumber());
            store.telnyxNumbers.remove(deleted);
        }
        return Reply.of(200, Map.of("data", phoneNumber(deleted, "deleted")));
    }

    private static Reply paged(Call call, List<Object> all) {
        int number;
        int size;
        try {
            number = Integer.parseInt(call.queryOr("page[number]", "1"));
            size = Integer.parseInt(call.queryOr("page[size]", "20"));
        } catch (NumberFormatException e) {
            return error(400, "10015", "Invalid value", "page parameters must be integers", "/page");
        }
        number = Math.max(1, number);
        size = Math.clamp(size, 1, 250);
        final int from = (int) Math.min((long) (number - 1) * size, all.size());
        final int to = Math.min(from + size, all.size());
        final Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("total_pages", Math.max(1, (all.size() + size - 1) / size));
        meta.put("total_results", all.size());
        meta.put("page_number", number);
        meta.put("page_size", size);
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", all.subList(from, to));
        body.put("meta", meta);
        return Reply.of(200, body);
    }

    static Map<String, Object> order(Store.TelnyxOrder o) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id);
        m.put("record_type", "number_order");
        m.put("phone_numbers_count", o.numbers.size());
        m.put("connection_id", o.connectionId);
        m.put("messaging_profile_id", o.messagingProfileId);
        m.put("billing_group_id", o.billingGroupId);
        final List<Object> numbers = new ArrayList<>();
        for (Store.TelnyxOrderNumber n : o.numbers) {
            final Map<String, Object> pn = new LinkedHashMap<>();
            pn.put("id", n.id);
            pn.put("record_type", "number_order_phone_number");
            pn.put("phone_number", n.phoneNumber);
            // Seed 003 echoes the per-number bundle / requirement group the order asked for.
            if (n.bundleId != null) {
                pn.put("bundle_id", n.bundleId);
            }
            if (n.requirementGroupId != null) {
                pn.put("requirement_group_id", n.requirementGroupId);
            }
            pn.put("regulatory_requirements", List.of());
            pn.put("requirements_met", true);
            pn.put("status", n.status);
            numbers.add(pn);
        }
        m.put("phone_numbers", numbers);
        m.put("sub_number_orders_ids", List.of());
        m.put("status", o.status);
        m.put("customer_reference", o.customerReference);
        m.put("created_at", TIME.format(o.createdAt));
        m.put("updated_at", TIME.format(o.updatedAt));
        m.put("requirements_met", true);
        return m;
    }

    private static String text(JsonNode body, String field) {
        final JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
