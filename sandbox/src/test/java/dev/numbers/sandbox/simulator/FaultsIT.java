package dev.numbers.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsIT {

    private ProviderSimulator sim;
    private SimClient client;

    @BeforeEach
    void start() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults());
        client = new SimClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void latencyDelaysTheResponse() throws Exception {
        sim.faults().set(Endpoint.SIGNALWIRE_LIST_NUMBERS, EndpointFault.latency(300));
        final long start = System.nanoTime();
        assertThat(client.sw("GET", "/phone_numbers", null).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void jitteredLatencyStaysWithinItsRange() throws Exception {
        sim.faults().set(Endpoint.TELNYX_LIST_NUMBER_ORDERS, EndpointFault.latency(100, 200));
        for (int i = 0; i < 3; i++) {
            final long start = System.nanoTime();
            assertThat(client.telnyx("GET", "/number_orders", null).status()).isEqualTo(200);
            final Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(100)).isLessThan(Duration.ofMillis(2_000));
        }
    }

    @Test
    void junkAnswersOnlyTheCallsNamingTheirTargetAndStillPerformTheOperation() throws Exception {
        sim.faults().junk("+15550003011", JunkAnswer.BAD_JSON).junk("+15550003012", JunkAnswer.HUGE_BODY)
                .junk("+15550003013", JunkAnswer.WRONG_TYPES);
        final var bad = client.sw("POST", "/phone_numbers", "{\"number\":\"+15550003011\"}");
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.raw().body()).isEqualTo("{\"id\": \"truncated");
        assertThat(sim.purchaseCount("+15550003011")).isEqualTo(1);
        final var huge = client.sw("POST", "/phone_numbers", "{\"number\":\"+15550003012\"}");
        assertThat(huge.raw().body().length()).isGreaterThan(JunkAnswer.HUGE_CHARS);
        final var wrong = client.sw("POST", "/phone_numbers", "{\"number\":\"+15550003013\"}");
        assertThat(wrong.body().path("id").isObject()).isTrue();
        final var normal = client.sw("POST", "/phone_numbers", "{\"number\":\"+15550003014\"}");
        assertThat(normal.body().path("id").isTextual()).isTrue();
    }

    @Test
    void junkPaginationPointsOffHostBackToItselfOrNowhere() throws Exception {
        final var campaign = "3fa85f64-5717-4562-b3fc-2c963f66af01";
        sim.registerCampaign(campaign);
        final var orders = "/registry/beta/campaigns/" + campaign + "/orders";
        sim.faults().junk(campaign, JunkAnswer.OFF_HOST_NEXT);
        assertThat(client.sw("GET", orders, null).body().path("links").path("next").asText())
                .startsWith("http://evil.example/");
        sim.faults().junk(campaign, JunkAnswer.LOOPING_NEXT);
        assertThat(client.sw("GET", orders, null).body().path("links").path("next").asText())
                .isEqualTo(sim.signalWireBaseUrl() + orders);
        sim.faults().junk(campaign, JunkAnswer.ENDLESS_NEXT);
        assertThat(client.sw("GET", orders + "?n=4", null).body().path("links").path("next").asText())
                .endsWith(orders + "?n=5");
    }

    @Test
    void errorRateAnswers503WithoutPurchasing() throws Exception {
        sim.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.errors(1.0, 503));
        final var r = client.sw("POST", "/phone_numbers", "{\"number\":\"+15550003001\"}");
        assertThat(r.status()).isEqualTo(503);
        assertThat(sim.purchaseCount("+15550003001")).isZero();
    }

    @Test
    void errorRateAnswers500InTheSpecsShape() throws Exception {
        sim.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.errors(1.0, 500));
        final var r = client.sw("POST", "/phone_numbers", "{\"number\":\"+15550003002\"}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body().toString()).isEqualTo("{\"error\":\"Internal Server Error\"}");
    }

    @Test
    void outageAnswers503OnBothProviders() throws Exception {
        sim.faults().outage(true);
        assertThat(client.sw("GET", "/phone_numbers", null).status()).isEqualTo(503);
        assertThat(client.telnyx("GET", "/number_orders", null).status()).isEqualTo(503);
        sim.faults().outage(false);
        assertThat(client.sw("GET", "/phone_numbers", null).status()).isEqualTo(200);
    }

    @Test
    void rateLimitAnswersTelnyx429WithCode10011AndHeaders() throws Exception {
        sim.faults().rateLimit(0.5, 2);
        final var first = client.telnyx("GET", "/number_orders", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("x-ratelimit-remaining")).isEqualTo("1");
        assertThat(client.telnyx("GET", "/number_orders", null).status()).isEqualTo(200);
        final var limited = client.telnyx("GET", "/number_orders", null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().at("/errors/0/code").asText()).isEqualTo("10011");
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(limited.header("x-ratelimit-limit")).isEqualTo("2");
        assertThat(limited.header("x-ratelimit-remaining")).isEqualTo("0");
        assertThat(limited.header("x-ratelimit-reset")).isNotNull();
    }

    @Test
    void accountLimitCountsASlidingSecondAcrossCallersAndAnswersLikeTheRealApi() throws Exception {
        sim.faults().accountLimit(5);
        final var otherCaller = new SimClient(sim);
        for (int i = 0; i < 5; i++) {
            final var caller = i % 2 == 0 ? client : otherCaller;
            final var answer = caller.telnyx("GET", "/number_orders", null);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("x-ratelimit-remaining")).isEqualTo(Integer.toString(4 - i));
        }
        final var limited = otherCaller.telnyx("GET", "/number_orders", null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().at("/errors/0/code").asText()).isEqualTo("10011");
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(limited.header("x-ratelimit-limit")).isEqualTo("5");
        assertThat(limited.header("x-ratelimit-reset")).isEqualTo("1");
        // Another account has its own window.
        assertThat(client.sw("GET", "/phone_numbers", null).status()).isEqualTo(200);
        // A second after the first accepted call, the window has room again.
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.telnyx("GET", "/number_orders", null).status() == 200);
        final var telnyx = sim.faults().limitCounts("telnyx:" + Accounts.DEFAULT);
        assertThat(telnyx.accepted()).isEqualTo(6);
        assertThat(telnyx.refused()).isPositive();
        assertThat(sim.faults().limitCounts("signalwire:" + Accounts.DEFAULT))
                .isEqualTo(new Faults.LimitCounts(1, 0));
    }

    @Test
    void rateLimitAnswersSignalWire429WithRetryAfter() throws Exception {
        sim.faults().rateLimit(0.5, 1);
        assertThat(client.sw("GET", "/phone_numbers", null).status()).isEqualTo(200);
        final var limited = client.sw("GET", "/phone_numbers", null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
    }

    @Test
    void timeoutHoldsTheResponseBeyondTheClientsTimeoutAfterPurchasing() {
        sim.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.timeout(1_500));
        assertThatThrownBy(() -> client.send(sim.signalWireBaseUrl() + "/phone_numbers", "POST",
                "{\"number\":\"+15550003003\"}", client.basic(), Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(sim.purchaseCount("+15550003003")).isEqualTo(1);
    }

    @Test
    void ambiguousFailurePurchasesThenDropsTheConnection() throws Exception {
        sim.faults().set(Endpoint.SIGNALWIRE_PURCHASE_NUMBER, EndpointFault.ambiguous(1.0));
        assertThatThrownBy(() -> client.sw("POST", "/phone_numbers", "{\"number\":\"+15550003004\"}"))
                .isInstanceOf(IOException.class);
        assertThat(sim.purchaseCount("+15550003004")).isEqualTo(1);
        sim.faults().clear();
        assertThat(client.sw("GET", "/phone_numbers?filter_number=%2B15550003004", null).body().get("data")).hasSize(1);
    }

    @Test
    void ambiguousTelnyxOrderIsPlacedThenDropped() {
        sim.faults().set(Endpoint.TELNYX_CREATE_NUMBER_ORDER, EndpointFault.ambiguous(1.0));
        assertThatThrownBy(() -> client.telnyx("POST", "/number_orders",
                "{\"phone_numbers\":[{\"phone_number\":\"+15550003005\"}]}")).isInstanceOf(IOException.class);
        assertThat(sim.purchaseCount("+15550003005")).isEqualTo(1);
    }

    @Test
    void faultsCanBeSetOverHttp() throws Exception {
        final var r = client.send(sim.baseUrl() + "/_sim/faults", "POST",
                "{\"endpoints\":{\"TELNYX_LIST_NUMBER_ORDERS\":{\"errorRate\":1.0,\"errorStatus\":503}}}", null,
                Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(200);
        assertThat(client.telnyx("GET", "/number_orders", null).status()).isEqualTo(503);
        client.send(sim.baseUrl() + "/_sim/faults", "POST", "{\"clear\":true}", null, Duration.ofSeconds(5));
        assertThat(client.telnyx("GET", "/number_orders", null).status()).isEqualTo(200);
    }

    @Test
    void inspectReportsPurchasesOverHttp() throws Exception {
        client.sw("POST", "/phone_numbers", "{\"number\":\"+15550003006\"}");
        final var r = client.send(sim.baseUrl() + "/_sim/inspect", "GET", null, null, Duration.ofSeconds(5));
        assertThat(r.body().at("/purchases/+15550003006").asInt()).isEqualTo(1);
        assertThat(r.body().get("requestCount").asInt()).isEqualTo(1);
    }
}
