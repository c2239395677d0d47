package dev.numbers.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reverse proxy in front of the real schema registry that a test can tell to refuse (401 or 403) and to pass
 * again, so a refusing registry can be shown without faking the registry itself. Passing, it forwards method,
 * path, query, body and content headers unchanged.
 */
public final class RegistryProxy implements AutoCloseable {

    private static final Set<String> FORWARDED = Set.of("content-type", "accept");

    private final URI target;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger refusal = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private RegistryProxy(final URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** A proxy for the registry at {@code registryUrl} (the URL the serde would use, with its path). */
    public static RegistryProxy start(final String registryUrl) {
        try {
            return new RegistryProxy(URI.create(registryUrl.replaceAll("/+$", "")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the registry proxy", e);
        }
    }

    /** The URL to give clients instead of the registry's own. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + target.getRawPath();
    }

    /** Every request is answered {@code status} (401 or 403) from now on. */
    public void refuse(final int status) {
        if (status != 401 && status != 403) {
            throw new IllegalArgumentException("refuse with 401 or 403");
        }
        refusal.set(status);
    }

    /** Requests reach the registry again. */
    public void pass() {
        refusal.set(0);
    }

    /** How many requests were refused so far. */
    public int refusedCount() {
        return refused.get();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final int status = refusal.get();
            if (status != 0) {
                refused.incrementAndGet();
                respond(exchange, status, ("{\"error_code\":" + status + ",\"message\":\""
                        + (status == 401 ? "Unauthorized" : "Forbidden") + "\"}").getBytes(StandardCharsets.UTF_8),
                        "application/json");
                return;
            }
            final var path = exchange.getRequestURI().getRawPath().substring(target.getRawPath().length());
            final var query = exchange.getRequestURI().getRawQuery();
            final var uri = URI.create(target + path + (query == null ? "" : "?" + query));
            final byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            final var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            final HttpResponse<byte[]> answer;
            try {
                answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 502, new byte[0], "text/plain");
                return;
            } catch (IOException e) {
                respond(exchange, 502, new byte[0], "text/plain");
                return;
            }
            respond(exchange, answer.statusCode(), answer.body(),
                    answer.headers().firstValue("content-type").orElse("application/json"));
        }
    }

    private static void respond(final HttpExchange exchange, final int status, final byte[] body,
                                final String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        http.close();
    }
}
