package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SignalWire and Telnyx over real HTTP on 127.0.0.1, with injectable faults, order life cycles, signed webhooks and
 * an inspection handle. Start one per test class (it starts in milliseconds) and close it afterwards.
 *
 * <p>Over 300 lines, knowingly, for now: it is the tests' one handle on both providers (faults, inventory, life
 * cycles, inspection). Issue 14 splits it behind one API interface per provider with the store encapsulated.
 */
public final class ProviderSimulator implements AutoCloseable {

    private final SimulatorConfig config;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService scheduler;
    private final ObjectMapper json = new ObjectMapper();
    private final Store store = new Store();
    private final Faults faults = new Faults();
    private final WebhookDispatcher webhooks;
    private final SignalWireApi signalWire;
    private final TelnyxApi telnyx;
    private final ConcurrentLinkedQueue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final Accounts accounts;

    private ProviderSimulator(SimulatorConfig config) throws IOException {
        this.config = config;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "provider-simulator-lifecycle");
            t.setDaemon(true);
            return t;
        });
        this.webhooks = new WebhookDispatcher(config, scheduler, workers);
        this.accounts = new Accounts(config);
        this.signalWire = new SignalWireApi(store, json, config, scheduler, webhooks, accounts);
        this.telnyx = new TelnyxApi(store, json, config, scheduler, webhooks, accounts);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 256);
        server.setExecutor(workers);
        server.createContext("/", this::serve);
        server.start();
    }

    public static ProviderSimulator start(SimulatorConfig config) {
        try {
            return new ProviderSimulator(config);
        } catch (IOException e) {
            throw new IllegalStateException("the provider simulator could not bind port " + config.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String signalWireBaseUrl() {
        return baseUrl() + SignalWireApi.BASE;
    }

    public String telnyxBaseUrl() {
        return baseUrl() + TelnyxApi.BASE;
    }

    public SimulatorConfig config() {
        return config;
    }

    // ---- set-up -------------------------------------------------------------------------------------------------

    /** Makes a 10DLC campaign known (with a generated brand id); orders for unknown campaigns get 404. */
    public ProviderSimulator registerCampaign(String campaignId) {
        store.campaignBrands.putIfAbsent(campaignId, UUID.randomUUID().toString());
        return this;
    }

    /** Purchasing this number is refused (SignalWire 422, Telnyx order ends in failure). */
    public ProviderSimulator markUnavailable(String number) {
        store.unavailable.add(number);
        return this;
    }

    /**
     * Telnyx's asynchronous failure: this number stays in search answers and an order for it is accepted
     * ({@code pending}), then completes with {@code failure} and the number is not sold.
     */
    public ProviderSimulator failTelnyxOrdersFor(String number) {
        store.telnyxOrdersFail.add(number);
        return this;
    }

    /** Area code {@code areaCode} offers {@code size} numbers for sale (50 unless set; 0 sells none). */
    public ProviderSimulator inventory(String areaCode, int size) {
        store.inventory.size(areaCode, size);
        return this;
    }

    /**
     * Availability race: the next search (either provider) answers normally, then its first {@code count} candidates
     * are sold to someone else before the caller can buy them.
     */
    public ProviderSimulator sellAfterNextSearch(int count) {
        store.inventory.sellAfterNextSearch(count);
        return this;
    }

    /** The next assignment of this number fails once, then goes back to pending and completes. */
    public ProviderSimulator failOnceNumber(String number) {
        store.failOnce.add(number);
        return this;
    }

    public ProviderSimulator telnyxWebhookUrl(String url) {
        telnyx.webhookUrl(url);
        return this;
    }

    /**
     * The provider accounts (credentials, own rate limits, which account owns which number); change them at any time.
     */
    public Accounts accounts() {
        return accounts;
    }

    /** The fault settings; change them at any time, they apply to the next request. */
    public Faults faults() {
        return faults;
    }

    /** Deliver every webhook twice. */
    public ProviderSimulator duplicateWebhooks(boolean on) {
        webhooks.duplicate(on);
        return this;
    }

    /** Hold each other webhook back and deliver it after the next one. */
    public ProviderSimulator outOfOrderWebhooks(boolean on) {
        webhooks.outOfOrder(on);
        return this;
    }

    /** The keys webhooks are signed with, per SignalWire project and Telnyx account; rotate them at any time. */
    public WebhookKeys webhookKeys() {
        return webhooks.keys();
    }

    /** Telnyx's Ed25519 webhook public key. */
    public PublicKey telnyxPublicKey() {
        return webhooks.telnyxPublicKey();
    }

    /** The Ed25519 public key as base64 X.509 (SubjectPublicKeyInfo) bytes. */
    public String telnyxPublicKeyBase64() {
        return Base64.getEncoder().encodeToString(telnyxPublicKey().getEncoded());
    }

    // ---- inspection ---------------------------------------------------------------------------------------------

    /** How many times this number was bought, across both providers. */
    public int purchaseCount(String number) {
        final AtomicInteger count = store.purchases.get(number);
        return count == null ? 0 : count.get();
    }

    /** Whether the SignalWire project or the Telnyx account owns this number now (bought and not released). */
    public boolean owns(String number) {
        return store.swNumbersByNumber.containsKey(number) || store.telnyxNumbersByNumber.containsKey(number);
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requestCount.get();
    }

    /** Current state of a SignalWire assignment order or Telnyx number order. */
    public Optional<String> order(String orderId) {
        final Store.SwOrder sw = store.swOrders.get(orderId);
        if (sw != null) {
            return Optional.of(sw.state);
        }
        final Store.TelnyxOrder tx = store.telnyxOrders.get(orderId);
        return tx == null ? Optional.empty() : Optional.of(tx.status);
    }

    /** States of the SignalWire assignments of this number, oldest first. */
    public List<String> assignmentStates(String number) {
        final List<String> states = new ArrayList<>();
        for (Store.SwAssignment a : store.swAssignments) {
            if (a.number.equals(number)) {
                states.add(a.state);
            }
        }
        return states;
    }

    public List<SentWebhook> webhooksSent() {
        return webhooks.sent();
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
        webhooks.close();
        workers.shutdownNow();
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            final byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            final String method = exchange.getRequestMethod();
            final String fullPath = exchange.getRequestURI().getRawPath();
            final String rawQuery = exchange.getRequestURI().getRawQuery();
            if (fullPath.startsWith("/_sim/")) {
                send(exchange, admin(method, fullPath, body));
                return;
            }
            requestCount.incrementAndGet();
            if (config.recordRequests()) {
                final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((k, v) -> {
                    if (!k.equalsIgnoreCase("Authorization")) {
                        headers.put(k, List.copyOf(v));
                    }
                });
                requests.add(new RecordedRequest(method, fullPath, rawQuery,
                        new String(body, StandardCharsets.UTF_8), headers,
                        exchange.getRequestHeaders().getFirst("traceparent")));
            }
            final boolean isTelnyx;
            final String path;
            if (fullPath.startsWith(SignalWireApi.BASE + "/")) {
                isTelnyx = false;
                path = fullPath.substring(SignalWireApi.BASE.length());
            } else if (fullPath.startsWith(TelnyxApi.BASE + "/")) {
                isTelnyx = true;
                path = fullPath.substring(TelnyxApi.BASE.length());
            } else {
                send(exchange, Reply.of(404, Map.of("error", "Not Found")));
                return;
            }
            final String account = accounts.authenticate(isTelnyx ? Accounts.Kind.TELNYX : Accounts.Kind.SIGNALWIRE,
                    exchange.getRequestHeaders().getFirst("Authorization"));
            if (account == null) {
                send(exchange, isTelnyx ? TelnyxApi.error(401) : SignalWireApi.error(401));
                return;
            }
            final Endpoint endpoint = isTelnyx ? TelnyxApi.route(method, path) : SignalWireApi.route(method, path);
            if (endpoint == null) {
                send(exchange, isTelnyx ? TelnyxApi.error(404) : SignalWireApi.error(404));
                return;
            }
            final Call call = new Call(method, path, query(rawQuery), body, account,
                    isTelnyx ? telnyxBaseUrl() : signalWireBaseUrl());
            handle(exchange, endpoint, call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange, Endpoint endpoint, Call call) throws IOException, InterruptedException {
        final boolean isTelnyx = endpoint.isTelnyx();
        if (faults.outage()) {
            send(exchange, isTelnyx ? TelnyxApi.error(503) : SignalWireApi.error(503));
            return;
        }
        final Faults.Admission admission = faults.acquire((isTelnyx ? "telnyx:" : "signalwire:") + call.account(),
                accounts.limit(isTelnyx ? Accounts.Kind.TELNYX : Accounts.Kind.SIGNALWIRE, call.account()));
        final Map<String, String> limitHeaders = new LinkedHashMap<>();
        if (admission != null && isTelnyx) {
            limitHeaders.put("x-ratelimit-limit", Integer.toString(admission.limit()));
            limitHeaders.put("x-ratelimit-remaining", Integer.toString(admission.remaining()));
            limitHeaders.put("x-ratelimit-reset", Long.toString(admission.resetSeconds()));
        }
        if (admission != null && !admission.allowed()) {
            final Reply base = isTelnyx ? TelnyxApi.error(429) : SignalWireApi.error(429);
            limitHeaders.put("Retry-After", Long.toString(admission.retryAfterSeconds()));
            send(exchange, new Reply(429, base.body(), limitHeaders));
            return;
        }
        final EndpointFault fault = faults.get(endpoint);
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        if (fault.errorRate() > 0 && random.nextDouble() < fault.errorRate()) {
            send(exchange, isTelnyx ? TelnyxApi.error(fault.errorStatus()) : SignalWireApi.error(fault.errorStatus()));
            return;
        }
        final long latency = fault.latencyMs() + (fault.jitterMs() > 0 ? random.nextLong(fault.jitterMs() + 1) : 0);
        if (latency > 0) {
            Thread.sleep(latency);
        }
        final Reply real = isTelnyx ? telnyx.handle(endpoint, call) : signalWire.handle(endpoint, call);
        final JunkAnswer junk = faults.junkFor(call.path(), call.body());
        final Reply reply = junk == null ? real : junk.apply(real, call);
        if (fault.ambiguousRate() > 0 && random.nextDouble() < fault.ambiguousRate()) {
            // The operation happened; closing the exchange before sendResponseHeaders makes the JDK server close the
            // connection, so the client sees an I/O error and cannot know the outcome.
            exchange.close();
            return;
        }
        if (fault.timeoutMs() > 0) {
            Thread.sleep(fault.timeoutMs());
        }
        if (!limitHeaders.isEmpty()) {
            limitHeaders.putAll(reply.headers());
            send(exchange, new Reply(reply.status(), reply.body(), limitHeaders));
            return;
        }
        send(exchange, reply);
    }

    private Reply admin(String method, String path, byte[] body) {
        if (path.equals("/_sim/inspect") && method.equals("GET")) {
            final Map<String, Object> purchases = new TreeMap<>();
            store.purchases.forEach((k, v) -> purchases.put(k, v.get()));
            final Map<String, Object> orders = new TreeMap<>();
            store.swOrders.forEach((k, v) -> orders.put(k, v.state));
            store.telnyxOrders.forEach((k, v) -> orders.put(k, v.status));
            final Map<String, Object> out = new LinkedHashMap<>();
            out.put("purchases", purchases);
            out.put("orders", orders);
            out.put("requestCount", requestCount.get());
            out.put("requests", requests());
            out.put("webhooksSent", webhooksSent());
            return Reply.of(200, out);
        }
        if (path.equals("/_sim/limits") && method.equals("GET")) {
            // Per account: calls the account limit accepted and refused, for a test that measures from outside.
            return Reply.of(200, faults.limitCounts());
        }
        if (path.equals("/_sim/faults") && method.equals("POST")) {
            try {
                applyFaults(json.readTree(body));
                return Reply.of(200, Map.of("ok", true));
            } catch (IOException | RuntimeException e) {
                return Reply.of(400, Map.of("error", "Bad Request", "detail", String.valueOf(e.getMessage())));
            }
        }
        if (path.equals("/_sim/campaigns") && method.equals("POST")) {
            try {
                registerCampaign(json.readTree(body).path("id").asText());
                return Reply.of(200, Map.of("ok", true));
            } catch (IOException e) {
                return Reply.of(400, Map.of("error", "Bad Request"));
            }
        }
        return Reply.of(404, Map.of("error", "Not Found"));
    }

    /**
     * Applies a JSON fault document: {@code {"clear":true, "outage":false, "rateLimit":{"perSecond":10,"burst":10},
     * "accountLimit":{"perSecond":100},
     * "endpoints":{"SIGNALWIRE_PURCHASE_NUMBER":{"latencyMs":0,"errorRate":0,"errorStatus":500,"timeoutMs":0,
     * "ambiguousRate":0,"jitterMs":0}}, "duplicateWebhooks":false, "outOfOrderWebhooks":false,
     * "junk":{"+12025550123":"BAD_JSON"}, "inventory":{"415":3}, "sellAfterNextSearch":1,
     * "failTelnyxOrders":["+16462000000"]}}.
     */
    void applyFaults(JsonNode doc) throws IOException {
        if (doc.path("clear").asBoolean(false)) {
            faults.clear();
        }
        if (doc.has("sellAfterNextSearch")) {
            sellAfterNextSearch(doc.get("sellAfterNextSearch").asInt());
        }
        for (final var number : doc.path("failTelnyxOrders")) {
            failTelnyxOrdersFor(number.asText());
        }
        for (var it = doc.path("inventory").fields(); it.hasNext(); ) {
            final var entry = it.next();
            inventory(entry.getKey(), entry.getValue().asInt());
        }
        if (doc.has("outage")) {
            faults.outage(doc.get("outage").asBoolean());
        }
        if (doc.has("accountLimit")) {
            faults.accountLimit(doc.get("accountLimit").path("perSecond").asInt(0));
        }
        if (doc.has("rateLimit")) {
            faults.rateLimit(doc.get("rateLimit").path("perSecond").asDouble(0), doc.get("rateLimit").path("burst")
                    .asInt(1));
        }
        if (doc.has("duplicateWebhooks")) {
            duplicateWebhooks(doc.get("duplicateWebhooks").asBoolean());
        }
        if (doc.has("outOfOrderWebhooks")) {
            outOfOrderWebhooks(doc.get("outOfOrderWebhooks").asBoolean());
        }
        for (var it = doc.path("junk").fields(); it.hasNext(); ) {
            final var entry = it.next();
            faults.junk(entry.getKey(), JunkAnswer.valueOf(entry.getValue().asText()));
        }
        final JsonNode endpoints = doc.path("endpoints");
        for (var it = endpoints.fields(); it.hasNext(); ) {
            final var entry = it.next();
            faults.set(Endpoint.valueOf(entry.getKey()), json.treeToValue(entry.getValue(), EndpointFault.class));
        }
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.body() == null) {
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        final byte[] bytes = reply.body() instanceof JunkAnswer.Raw raw ? raw.text().getBytes(StandardCharsets.UTF_8)
                : json.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        final Map<String, String> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            final int eq = pair.indexOf('=');
            final String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            final String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params;
    }
}
