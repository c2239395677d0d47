package dev.numbers.sandbox.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits until a service's health endpoint answers 200, or its process died, or time ran out. */
final class HealthCheck {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HealthCheck() {
    }

    static boolean awaitUp(final String url, final Duration timeout, final BooleanSupplier alive) {
        final var deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && alive.getAsBoolean()) {
            try {
                final var response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                        .GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (final IOException e) {
                // not listening yet
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
