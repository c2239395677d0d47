package dev.numbers.sandbox.simulator.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tests prove "bought exactly once" with {@link ProviderSimulator#purchaseCount}; that count is only worth trusting
 * if the simulator itself never sells one number twice when the same purchase races in from many connections.
 */
class ConcurrentPurchaseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RACERS = 24;

    private static ProviderSimulator sim;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(20)));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void racingSignalWirePurchasesOfOneNumberSellItOnceAndRefuseTheRestWith422() throws Exception {
        final String number = "+17205550777";
        final String basic = "Basic " + Base64.getEncoder().encodeToString(
                (sim.config().signalWireProjectId() + ":" + sim.config().signalWireToken())
                        .getBytes(StandardCharsets.UTF_8));
        final List<Integer> statuses = race(() -> HttpRequest.newBuilder(URI.create(sim.signalWireBaseUrl()
                + "/phone_numbers"))
                .header("Authorization", basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"number\":\"" + number + "\"}")).build());

        assertThat(statuses).containsOnly(200, 422);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(sim.purchaseCount(number)).isEqualTo(1);
    }

    @Test
    void racingTelnyxOrdersOfOneNumberSellItOnceAndFailTheOtherOrders() throws Exception {
        final String number = "+17205550778";
        final List<Integer> statuses = race(() -> HttpRequest.newBuilder(URI.create(sim.telnyxBaseUrl()
                + "/number_orders"))
                .header("Authorization", "Bearer " + sim.config().telnyxApiKey()).header("Content-Type",
                        "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"phone_numbers\":[{\"phone_number\":\"" + number
                        + "\"}]}"))
                .build());

        assertThat(statuses).containsOnly(200);
        assertThat(sim.purchaseCount(number)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            final var orders = JSON.readTree(http.send(HttpRequest.newBuilder(
                                    URI.create(sim.telnyxBaseUrl() + "/number_orders?page%5Bsize%5D=250"))
                            .header("Authorization", "Bearer " + sim.config().telnyxApiKey()).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("data");
            assertThat(orders.findValuesAsText("status")).doesNotContain("pending");
            final long succeeded = orders.findParents("record_type").stream()
                    .filter(o -> o.path("record_type").asText().equals("number_order"))
                    .filter(o -> o.path("status").asText().equals("success")).count();
            assertThat(succeeded).isEqualTo(1);
        });
    }

    private interface RequestFactory {
        HttpRequest build();
    }

    /** Sends the same request from {@link #RACERS} threads released at once; answers the statuses. */
    private static List<Integer> race(RequestFactory request) throws Exception {
        final CountDownLatch go = new CountDownLatch(1);
        final List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(RACERS)) {
            final List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                }));
            }
            go.countDown();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        }
        return statuses;
    }
}
