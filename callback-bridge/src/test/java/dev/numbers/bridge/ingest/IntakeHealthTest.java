package dev.numbers.bridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.numbers.bridge.kafka.KafkaClients;
import dev.numbers.bridge.kafka.KafkaConfig;
import dev.numbers.harness.FreePorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.health.HealthStatus;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The registry side of {@code webhook-intake}: a registry refusing our credentials turns it DOWN with that reason and
 * without the credentials, and the registry part clears once it accepts (Kafka stays unreachable here). (The real
 * registry cannot be made to refuse; the Kafka side is in WebhookIngressIT.)
 */
class IntakeHealthTest {

    @Test
    void downNamingTheRefusalWhileTheRegistryRefusesOurCredentialsAndClearedOnceItAccepts() throws Exception {
        final var status = new AtomicInteger(401);
        final var registry = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
        registry.createContext("/subjects", exchange -> {
            final var body = (status.get() == 200 ? "[]" : "{\"message\":\"unauthorized\"}").getBytes();
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.start();
        final var config = new KafkaConfig("127.0.0.1:" + FreePorts.next(),
                "http://127.0.0.1:" + registry.getAddress().getPort(), Map.of("basic.auth.user.info",
                        "user:secret-password"));
        try (var health = new IntakeHealth(new KafkaClients(config), new SimpleMeterRegistry())) {
            final var refused = health.health();

            assertThat(refused.getStatus()).isEqualTo(HealthStatus.DOWN);
            assertThat(refused.getDetails().toString())
                    .contains("schema registry refused our credentials (401)")
                    .doesNotContain("secret-password");

            // probed on every check (not learned from failed webhooks), so it clears with no webhook arriving
            status.set(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getDetails().toString()
                    .contains("registry=UP"));
        } finally {
            registry.stop(0);
        }
    }
}
