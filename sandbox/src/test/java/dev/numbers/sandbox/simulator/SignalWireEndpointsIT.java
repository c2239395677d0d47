package dev.numbers.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignalWireEndpointsIT {

    private static ProviderSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults());
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void purchaseReturnsThePhoneNumberAndCountsOnePurchase() throws Exception {
        final var r = client.sw("POST", "/phone_numbers", "{\"number\":\"+15550001001\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("number").asText()).isEqualTo("+15550001001");
        assertThat(r.body().get("id").asText()).hasSize(36);
        assertThat(r.body().has("call_handler")).isTrue();
        assertThat(sim.purchaseCount("+15550001001")).isEqualTo(1);
    }

    @Test
    void buyingAnOwnedNumberAgainIs422AndDoesNotCount() throws Exception {
        client.sw("POST", "/phone_numbers", "{\"number\":\"+15550001002\"}");
        final var r = client.sw("POST", "/phone_numbers", "{\"number\":\"+15550001002\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().at("/errors/0/status").asText()).isEqualTo("422");
        assertThat(r.body().at("/errors/0/code").asText()).isEqualTo("number_already_owned");
        assertThat(sim.purchaseCount("+15550001002")).isEqualTo(1);
    }

    @Test
    void unavailableAndNonE164NumbersAre422() throws Exception {
        sim.markUnavailable("+15550001003");
        assertThat(client.sw("POST", "/phone_numbers", "{\"number\":\"+15550001003\"}").status()).isEqualTo(422);
        assertThat(client.sw("POST", "/phone_numbers", "{\"number\":\"5550001003\"}").status()).isEqualTo(422);
        assertThat(sim.purchaseCount("+15550001003")).isZero();
    }

    @Test
    void wrongCredentialsAre401Unauthorized() throws Exception {
        final var r = client.send(sim.signalWireBaseUrl() + "/phone_numbers", "GET", null, "Basic d3Jvbmc6d3Jvbmc=",
                Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().toString()).isEqualTo("{\"error\":\"Unauthorized\"}");
        final var missing = client.send(sim.signalWireBaseUrl() + "/phone_numbers", "GET", null, null,
                Duration.ofSeconds(5));
        assertThat(missing.status()).isEqualTo(401);
    }

    @Test
    void listFiltersByExactNumber() throws Exception {
        client.sw("POST", "/phone_numbers", "{\"number\":\"+15550001004\"}");
        final var r = client.sw("GET", "/phone_numbers?filter_number=%2B15550001004", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("data")).hasSize(1);
        assertThat(r.body().at("/links/self").asText()).contains("page_number=0");
    }

    @Test
    void orderForUnknownCampaignIs404NotFound() throws Exception {
        final var r = client.sw("POST", "/registry/beta/campaigns/" + UUID.randomUUID() + "/orders",
                "{\"phone_numbers\":[\"+15550001005\"]}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().toString()).isEqualTo("{\"error\":\"Not Found\"}");
    }

    @Test
    void ordersPageWithNextAndPrevLinks() throws Exception {
        final String campaign = UUID.randomUUID().toString();
        sim.registerCampaign(campaign);
        for (int i = 0; i < 3; i++) {
            assertThat(client.sw("POST", "/registry/beta/campaigns/" + campaign + "/orders",
                    "{\"phone_numbers\":[\"+1555000200" + i + "\"]}").status()).isEqualTo(200);
        }
        final var first = client.sw("GET", "/registry/beta/campaigns/" + campaign + "/orders?page_size=2", null);
        assertThat(first.body().get("data")).hasSize(2);
        assertThat(first.body().at("/links/next").asText()).contains("page_number=1");
        assertThat(first.body().at("/links/prev").isMissingNode()).isTrue();
        final String next = first.body().at("/links/next").asText().substring("/api/relay/rest".length());
        final var second = client.sw("GET", next, null);
        assertThat(second.body().get("data")).hasSize(1);
        assertThat(second.body().at("/links/prev").asText()).contains("page_number=0");
        assertThat(second.body().at("/links/next").isMissingNode()).isTrue();
    }
}
