package dev.numbers.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An engine that answers but cannot give an image (no registry reachable, image not built) must cost seconds, not
 * minutes of pull retries: a fake Docker API on a loopback port stands in for it, and records what it was asked.
 */
class BrokerChoiceTest {

    private static final List<String> IMAGES = List.of("apache/kafka:4.3.1", "alpine:3.17");

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private HttpServer engine;

    @BeforeEach
    void startEngine() throws IOException {
        engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        engine.createContext("/", exchange -> {
            final var path = exchange.getRequestURI().getPath();
            asked.add(exchange.getRequestMethod() + " " + path);
            final boolean known = path.equals("/_ping") || path.equals("/images/alpine:3.17/json");
            exchange.sendResponseHeaders(known ? 200 : 404, -1);
            exchange.close();
        });
        engine.start();
    }

    @AfterEach
    void stopEngine() {
        engine.stop(0);
    }

    private Optional<DockerEngine> fakeEngine() {
        return Optional.of(DockerEngine.at("tcp://127.0.0.1:" + engine.getAddress().getPort()));
    }

    @Test
    void autoFallsBackToTheInJvmBrokerAtOnceNamingTheMissingImage() {
        final var started = Instant.now();

        final var choice = BrokerChoice.decide(BrokerMode.AUTO, this::fakeEngine, () -> IMAGES);

        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(choice).isInstanceOf(BrokerChoice.InJvm.class);
        assertThat(((BrokerChoice.InJvm) choice).reason())
                .contains("lacks apache/kafka:4.3.1").doesNotContain("alpine").contains("never pulls");
        assertThat(asked).as("only looked, never pulled").allMatch(request -> request.startsWith("GET "));
    }

    @Test
    void containerModeFailsAtOnceSayingHowToGetTheImage() {
        final var started = Instant.now();

        assertThatThrownBy(() -> BrokerChoice.decide(BrokerMode.CONTAINER, this::fakeEngine, () -> IMAGES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apache/kafka:4.3.1")
                .hasMessageContaining("deploy/images/build");
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theContainerIsChosenWhenEveryImageIsThere() {
        assertThat(BrokerChoice.decide(BrokerMode.AUTO, this::fakeEngine, () -> List.of("alpine:3.17")))
                .isInstanceOf(BrokerChoice.Container.class);
    }

    @Test
    void theDefaultNeverAsksTheEngine() {
        assertThat(BrokerMode.parse("in-jvm")).isEqualTo(BrokerMode.IN_JVM);
        assertThat(BrokerChoice.decide(BrokerMode.IN_JVM, this::fakeEngine, () -> IMAGES))
                .isEqualTo(new BrokerChoice.InJvm(""));
        assertThat(asked).isEmpty();
    }

    @Test
    void anEngineThatAcceptsButNeverAnswersCostsSecondsNotMinutes() throws IOException {
        try (var silent = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            final var started = Instant.now();

            final var choice = BrokerChoice.decide(BrokerMode.AUTO,
                    () -> Optional.of(DockerEngine.at("tcp://127.0.0.1:" + silent.getLocalPort())), () -> IMAGES);

            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(10));
            assertThat(((BrokerChoice.InJvm) choice).reason()).contains("does not answer");
        }
    }

    @Test
    void noEngineAndUnknownModesAreSaidPlainly() {
        assertThat(((BrokerChoice.InJvm) BrokerChoice.decide(BrokerMode.AUTO, Optional::empty, () -> IMAGES)).reason())
                .contains("no Docker engine");
        assertThatThrownBy(() -> BrokerMode.parse("docker")).hasMessageContaining("in-jvm, container or auto");
        assertThat(Set.of(BrokerMode.values())).hasSize(3);
    }
}
