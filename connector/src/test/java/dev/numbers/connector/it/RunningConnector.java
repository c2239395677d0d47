package dev.numbers.connector.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The connector in this JVM with its HTTP server on a free port, as a user runs it, so a test reads the real
 * {@code /health} the way a Kubernetes probe does.
 */
final class RunningConnector implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedServer server;

    RunningConnector(final String bootstrap, final String registryUrl, final TestTopics topics,
                     final ProviderSimulator simulator, final String instance, final Map<String, Object> overrides) {
        final var props = settings(bootstrap, registryUrl, topics, simulator, instance);
        props.put("connector.ledger.partitions", 1);
        props.put("connector.retry.max-attempts", 2);
        props.put("connector.retry.initial-backoff", "50ms");
        props.put("connector.retry.max-backoff", "500ms");
        props.put("connector.health.max-backoff", "1s");
        props.put("connector.health.kafka-probe-interval", "1s");
        props.put("connector.health.kafka-probe-timeout", "2s");
        props.putAll(overrides);
        this.server = ApplicationContext.run(EmbeddedServer.class, props);
    }

    /**
     * {@link ConnectorProcess#settings} for a connector in this JVM (the set-up the in-JVM ITs repeated): a random
     * HTTP port, 16 in flight, and the simulator's credentials as properties, since there is no environment of its
     * own to put them in.
     */
    static Map<String, Object> settings(final String bootstrap, final String registryUrl, final TestTopics topics,
                                        final ProviderSimulator simulator, final String instance) {
        final var props = new HashMap<String, Object>(ConnectorProcess.settings(bootstrap, registryUrl, topics,
                simulator, instance));
        props.put("micronaut.server.port", -1);
        props.put("connector.max-in-flight", 16);
        props.put("connector.providers.signalwire.api-token", simulator.config().signalWireToken());
        props.put("connector.providers.telnyx.api-key", simulator.config().telnyxApiKey());
        return props;
    }

    ApplicationContext context() {
        return server.getApplicationContext();
    }

    /** The request loop's health entry: status and details. */
    JsonNode loopHealth() {
        return health("kafka-request-loop");
    }

    /** One entry of {@code /health} ({@code kafka-request-loop}, {@code providers}, ...): status and details. */
    JsonNode health(final String indicator) {
        try {
            final var response = HTTP.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path("details").path(indicator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean loopUp() {
        return "UP".equals(loopHealth().path("status").asText());
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
