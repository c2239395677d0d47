package dev.numbers.bridge.corpus;

import com.sun.net.httpserver.HttpServer;
import dev.numbers.harness.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Telnyx {@code GET /number_orders/{id}} over real HTTP that answers 200 with whatever junk the test set for the
 * order. The provider simulator is the place for this in the long run (its junk-answer faults are being built); until
 * then the corpus needs only this one endpoint.
 */
final class JunkTelnyxApi implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();

    JunkTelnyxApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
        server.createContext("/number_orders/", exchange -> {
            final var id = exchange.getRequestURI().getPath().substring("/number_orders/".length());
            final var answer = answers.get(id);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, answer.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
            exchange.close();
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(final String orderId, final byte[] body) {
        answers.put(orderId, body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
