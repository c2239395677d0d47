package dev.numbers.sandbox.cli;

import com.sun.net.httpserver.HttpServer;
import dev.numbers.harness.FreePorts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class NumbersCliTest {

    @Test
    void noCommandIsAUsageError() {
        final var run = Run.of();
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("Missing command").contains("Usage: numbers");
    }

    @Test
    void unknownCommandIsAUsageError() {
        final var run = Run.of("purchase", "+15551234567");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument");
    }

    @Test
    void purchaseWithoutANumberIsAUsageError() {
        final var run = Run.of("request", "purchase");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'NUMBER'");
    }

    @Test
    void campaignOrderNeedsAtLeastOneNumber() {
        final var run = Run.of("request", "campaign-order", "b1c0f9a2-0000-4000-8000-000000000001");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("NUMBER");
    }

    @Test
    void configureNeedsTheNumberOrIdAndAtLeastOneSetting() {
        assertThat(Run.of("request", "configure", "--set", "name=x").err())
                .contains("Name the NUMBER or --id, exactly one");
        final var run = Run.of("request", "configure", "+15551234567");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("at least one --set");
    }

    @Test
    void aSettingTheProviderDoesNotHaveFailsNamingTheOnesItHas() {
        final var run = Run.of("request", "configure", "--provider", "telnyx", "+15551234567",
                "--set", "call_handler=relay_topic", "--bootstrap", "127.0.0.1:1", "--timeout", "1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("--set call_handler", "messaging_profile_id");
    }

    @Test
    void helpExitsZeroAndListsEveryCommand() {
        final var run = Run.of("--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("request", "results", "orders", "order");
    }

    @Test
    void requestHelpShowsTheEnvironmentDefaults() {
        final var run = Run.of("request", "purchase", "--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("NUMBERS_BOOTSTRAP", "NUMBERS_REGISTRY_URL", "numbers.requests");
    }

    @Test
    void unreachableBrokerFailsWithOneLineAndExitOne() {
        final var run = Run.of("request", "purchase", "+15551234567",
                "--bootstrap", "127.0.0.1:" + FreePorts.next(), "--timeout", "2");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("numbers: ").contains("broker").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unreachableBridgeFailsWithExitOne() {
        final var run = Run.of("order", "some-order", "--bridge-url", "http://127.0.0.1:" + FreePorts.next());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach the bridge").doesNotContain("\tat ");
    }

    @Test
    void orderPrintsTheBridgesAnswer() throws IOException {
        final var server = bridge(200, "{\"order_id\":\"o-1\",\"state\":\"completed\"}");
        try {
            final var run = Run.of("order", "o-1", "--bridge-url", "http://127.0.0.1:" + server.getAddress().getPort());
            assertThat(run.code()).isZero();
            assertThat(run.out()).contains("\"state\":\"completed\"");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unknownOrderExitsOneAndSaysSo() throws IOException {
        final var server = bridge(404, "{\"message\":\"Not Found\"}");
        try {
            final var run = Run.of("order", "nope", "--bridge-url", "http://127.0.0.1:" + server.getAddress()
                    .getPort());
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).contains("order nope is not known");
        } finally {
            server.stop(0);
        }
    }

    private static HttpServer bridge(final int status, final String body) throws IOException {
        final var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/orders/", exchange -> {
            final var bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }
}
