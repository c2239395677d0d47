package dev.numbers.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.numbers.schemas.avro.NumberRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Status mapping and request shape against a scripted HTTP server; the real registry is covered by the ITs. */
class HttpSchemaRegistryClientTest {

    private HttpServer server;
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void serverErrorIsRegistryUnavailable() throws IOException {
        final var client = clientAnswering(503, "{\"error_code\":50301,\"message\":\"leader unknown\"}");

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("503").hasMessageContaining("leader unknown");
    }

    @Test
    void closedPortIsRegistryUnavailable() throws IOException {
        final int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        final var client = SchemaRegistryClient.http(SerdeConfig.of("http://127.0.0.1:" + port));

        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void conflictOnRegisterIsIncompatibleWithTheRegistryMessage() throws IOException {
        final var client = clientAnswering(409, "{\"error_code\":409,\"message\":\"field x has no default\"}");

        assertThatThrownBy(() -> client.register("numbers.requests-value", NumberRequest.getClassSchema()))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.registryMessage()).isEqualTo("field x has no default");
                    assertThat(e.subject()).isEqualTo("numbers.requests-value");
                });
    }

    @Test
    void notFoundIdIsSchemaNotFound() throws IOException {
        final var client = clientAnswering(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");

        assertThatThrownBy(() -> client.schemaById(7)).isInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void refusedCredentialsAreRegistryUnavailableAndNeverEchoed() throws IOException {
        final var client = clientAnswering(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}",
                "svc:not-a-real-secret");

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageNotContaining("not-a-real-secret");
        assertThat(authorization.get()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("svc:not-a-real-secret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bearerTokenIsSentWhenNoBasicAuthIsSetAndNeverEchoed() throws IOException {
        serveCounting(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}", () -> { });
        final var client = SchemaRegistryClient.http(SerdeConfig.fromMap(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, baseUrl(), SerdeConfig.BEARER_AUTH_TOKEN, "not-a-real-token")));

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageNotContaining("not-a-real-token");
        assertThat(authorization.get()).isEqualTo("Bearer not-a-real-token");
    }

    @Test
    void cachesIdsSoTheSecondRegisterStaysLocal() throws IOException {
        final var calls = serveCounting(200, "{\"id\":42}", () -> { });
        final var client = SchemaRegistryClient.http(SerdeConfig.of(baseUrl()));

        assertThat(client.register("s", NumberRequest.getClassSchema())).isEqualTo(42);
        assertThat(client.register("s", NumberRequest.getClassSchema())).isEqualTo(42);
        assertThat(client.schemaById(42)).isEqualTo(NumberRequest.getClassSchema());
        assertThat(calls).hasValue(1);
    }

    @Test
    void concurrentRegistrationsOfOneSchemaMakeOneCall() throws Exception {
        final var release = new CountDownLatch(1);
        // The registry is slow to answer, so every caller asks while the first call is still out.
        final var calls = serveCounting(200, "{\"id\":42}", () -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        final var client = SchemaRegistryClient.http(SerdeConfig.of(baseUrl()));
        final var asked = new AtomicInteger();
        final var answers = new ArrayList<Future<Integer>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 500; i++) {
                answers.add(threads.submit(() -> {
                    asked.incrementAndGet();
                    return client.register("numbers.results-value", NumberRequest.getClassSchema());
                }));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> asked.get() == 500 && calls.get() >= 1);
            release.countDown();
            for (final var answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(42);
            }
        }
        System.out.printf("500 concurrent registrations of one schema: %d registry call(s)%n", calls.get());
        assertThat(calls).hasValue(1);
    }

    @Test
    void anUnknownIdCostsOneCallPerTtlNotOnePerRecord() throws IOException {
        final var calls = serveCounting(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}", () -> { });
        final var client = SchemaRegistryClient.http(SerdeConfig.of(baseUrl()));
        final var uncached = SchemaRegistryClient.http(SerdeConfig.fromMap(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, baseUrl(), SerdeConfig.MISSING_ID_CACHE_TTL_SEC, "0")));

        for (int record = 0; record < 100; record++) {
            assertThatThrownBy(() -> client.schemaById(7))
                    .isInstanceOf(SchemaNotFoundException.class).hasMessageContaining("Schema not found");
        }
        assertThat(calls).hasValue(1);
        assertThatThrownBy(() -> client.lookup("s", NumberRequest.getClassSchema()))
                .isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> client.lookup("s", NumberRequest.getClassSchema()))
                .isInstanceOf(SchemaNotFoundException.class);
        assertThat(calls).hasValue(2);

        assertThatThrownBy(() -> uncached.schemaById(7)).isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> uncached.schemaById(7)).isInstanceOf(SchemaNotFoundException.class);
        assertThat(calls).hasValue(4);
    }

    private SchemaRegistryClient clientAnswering(final int status, final String body) throws IOException {
        return clientAnswering(status, body, null);
    }

    private SchemaRegistryClient clientAnswering(final int status, final String body, final String userInfo)
            throws IOException {
        serveCounting(status, body, () -> { });
        return SchemaRegistryClient.http(new SerdeConfig(baseUrl(), userInfo, null, null, null, true,
                SubjectNameStrategy.TOPIC));
    }

    /** A registry answering every call with {@code status} and {@code body} once {@code hold} returns; counts calls. */
    private AtomicInteger serveCounting(final int status, final String body,
                                                                    final Runnable hold) throws IOException {
        final var calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            hold.run();
            final var bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return calls;
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
