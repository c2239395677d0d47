package dev.numbers.connector.provider;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A scripted HTTP provider for client unit tests: answers are served in order, requests are recorded. */
final class StubProvider implements AutoCloseable {

    record Answer(int status, String body, Map<String, String> headers, long delayMillis) {
        static Answer of(final int status, final String body) {
            return new Answer(status, body, Map.of(), 0);
        }
    }

    record Received(String method, String uri, String authorization, String body) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    StubProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            final var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            final var answer = script.poll();
            try {
                if (answer == null) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                if (answer.delayMillis() > 0) {
                    Thread.sleep(answer.delayMillis());
                }
                answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                final var bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    StubProvider then(final Answer answer) {
        script.add(answer);
        return this;
    }

    String url(final String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
