package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's HTTP front: records each provider call, hands {@code /_sim/} to {@link SimulatorAdmin}, finds the
 * {@link ProviderApi} whose base the path starts with, and does what is the same for every provider (authentication,
 * outage, rate limits, per-endpoint faults, junk answers) around the API's handler.
 */
final class SimulatorHttp {

    private final SimulatorConfig config;
    private final List<ProviderApi> apis;
    private final Accounts accounts;
    private final Faults faults;
    private final SimulatorAdmin admin;
    private final ObjectMapper json;
    private final ConcurrentLinkedQueue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requestCount = new AtomicInteger();

    SimulatorHttp(SimulatorConfig config, List<ProviderApi> apis, Accounts accounts, Faults faults,
                  SimulatorAdmin admin, ObjectMapper json) {
        this.config = config;
        this.apis = List.copyOf(apis);
        this.accounts = accounts;
        this.faults = faults;
        this.admin = admin;
        this.json = json;
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    int requestCount() {
        return requestCount.get();
    }

    void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            final byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            final String method = exchange.getRequestMethod();
            final String fullPath = exchange.getRequestURI().getRawPath();
            final String rawQuery = exchange.getRequestURI().getRawQuery();
            if (fullPath.startsWith("/_sim/")) {
                send(exchange, admin.handle(method, fullPath, body));
                return;
            }
            requestCount.incrementAndGet();
            if (config.recordRequests()) {
                record(exchange, method, fullPath, rawQuery, body);
            }
            final ProviderApi api = apiFor(fullPath);
            if (api == null) {
                send(exchange, Reply.of(404, Map.of("error", "Not Found")));
                return;
            }
            final String path = fullPath.substring(api.base().length());
            final String account = accounts.authenticate(api.kind(),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            if (account == null) {
                send(exchange, api.error(401));
                return;
            }
            final Endpoint endpoint = api.route(method, path);
            if (endpoint == null) {
                send(exchange, api.error(404));
                return;
            }
            final String baseUrl = "http://127.0.0.1:" + exchange.getLocalAddress().getPort() + api.base();
            handle(exchange, api, endpoint, new Call(method, path, query(rawQuery), body, account, baseUrl));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ProviderApi apiFor(String fullPath) {
        for (ProviderApi api : apis) {
            if (fullPath.startsWith(api.base() + "/")) {
                return api;
            }
        }
        return null;
    }

    private void record(HttpExchange exchange, String method, String path, String rawQuery, byte[] body) {
        final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Authorization")) {
                headers.put(k, List.copyOf(v));
            }
        });
        requests.add(new RecordedRequest(method, path, rawQuery, new String(body, StandardCharsets.UTF_8), headers,
                exchange.getRequestHeaders().getFirst("traceparent")));
    }

    private void handle(HttpExchange exchange, ProviderApi api, Endpoint endpoint, Call call)
            throws IOException, InterruptedException {
        if (faults.outage()) {
            send(exchange, api.error(503));
            return;
        }
        final Faults.Admission admission = faults.acquire(api.kind().name().toLowerCase(Locale.ROOT)
                + ":" + call.account(),
                accounts.limit(api.kind(), call.account()));
        final Map<String, String> limitHeaders = new LinkedHashMap<>();
        if (admission != null) {
            limitHeaders.putAll(api.limitHeaders(admission));
        }
        if (admission != null && !admission.allowed()) {
            limitHeaders.put("Retry-After", Long.toString(admission.retryAfterSeconds()));
            send(exchange, new Reply(429, api.error(429).body(), limitHeaders));
            return;
        }
        final EndpointFault fault = faults.get(endpoint);
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        if (fault.errorRate() > 0 && random.nextDouble() < fault.errorRate()) {
            send(exchange, api.error(fault.errorStatus()));
            return;
        }
        final long latency = fault.latencyMs() + (fault.jitterMs() > 0 ? random.nextLong(fault.jitterMs() + 1) : 0);
        if (latency > 0) {
            Thread.sleep(latency);
        }
        final Reply real = api.handle(endpoint, call);
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
