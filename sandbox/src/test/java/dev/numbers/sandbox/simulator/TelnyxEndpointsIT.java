package dev.numbers.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TelnyxEndpointsIT {

    private static ProviderSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(50)));
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String order(String number, String reference) {
        return "{\"phone_numbers\":[{\"phone_number\":\"" + number + "\"}],\"connection_id\":\"346789098765567\","
                + "\"messaging_profile_id\":\"abc85f64-5717-4562-b3fc-2c9600\",\"customer_reference\":\"" + reference
                        + "\"}";
    }

    @Test
    void numberOrderIsShapedLikeTheSeedAndSucceeds() throws Exception {
        final var r = client.telnyx("POST", "/number_orders", order("+19705550101", "ref-101"));
        assertThat(r.status()).isEqualTo(200);
        final var data = r.body().get("data");
        assertThat(data.get("record_type").asText()).isEqualTo("number_order");
        assertThat(data.get("status").asText()).isEqualTo("pending");
        assertThat(data.get("phone_numbers_count").asInt()).isEqualTo(1);
        assertThat(data.at("/phone_numbers/0/record_type").asText()).isEqualTo("number_order_phone_number");
        assertThat(data.get("customer_reference").asText()).isEqualTo("ref-101");
        assertThat(data.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        final String id = data.get("id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.order(id).orElseThrow().equals("success"));
        assertThat(client.telnyx("GET", "/number_orders/" + id, null).body().at("/data/status").asText())
                .isEqualTo("success");
        assertThat(sim.purchaseCount("+19705550101")).isEqualTo(1);
    }

    @Test
    void listFiltersByCustomerReferenceAndStatus() throws Exception {
        client.telnyx("POST", "/number_orders", order("+19705550102", "ref-102"));
        client.telnyx("POST", "/number_orders", order("+19705550103", "ref-103"));
        final var byRef = client.telnyx("GET", "/number_orders?filter%5Bcustomer_reference%5D=ref-102", null);
        assertThat(byRef.body().get("data")).hasSize(1);
        assertThat(byRef.body().at("/data/0/customer_reference").asText()).isEqualTo("ref-102");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.telnyx("GET",
                "/number_orders?filter[customer_reference]=ref-103&filter[status]=success", null).body().get("data")
                        .size() == 1);
    }

    @Test
    void phoneNumbersFilterFindsTheBoughtNumber() throws Exception {
        client.telnyx("POST", "/number_orders", order("+19705550104", "ref-104"));
        final var r = client.telnyx("GET", "/phone_numbers?filter[phone_number]=%2B19705550104", null);
        assertThat(r.body().get("data")).hasSize(1);
        assertThat(r.body().at("/data/0/phone_number").asText()).isEqualTo("+19705550104");
        assertThat(client.telnyx("GET", "/phone_numbers?filter[phone_number]=%2B19705550999", null).body().get("data"))
                .isEmpty();
    }

    @Test
    void unavailableNumberEndsTheOrderInFailure() throws Exception {
        sim.markUnavailable("+19705550105");
        final String id = client.telnyx("POST", "/number_orders", order("+19705550105", "ref-105")).body()
                .at("/data/id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.order(id).orElseThrow().equals("failure"));
        assertThat(sim.purchaseCount("+19705550105")).isZero();
    }

    @Test
    void wrongKeyIs401WithTelnyxErrors() throws Exception {
        final var r = client.send(sim.telnyxBaseUrl() + "/number_orders", "GET", null, "Bearer wrong",
                Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().at("/errors/0/code").asText()).isEqualTo("10009");
        assertThat(r.body().at("/errors/0/title").isTextual()).isTrue();
        assertThat(r.body().at("/errors/0/detail").isTextual()).isTrue();
        assertThat(r.body().at("/errors/0/source").isObject()).isTrue();
    }

    @Test
    void unknownOrderIs404() throws Exception {
        final var r = client.telnyx("GET", "/number_orders/" + UUID.randomUUID(), null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().at("/errors/0/code").asText()).isEqualTo("10005");
    }

    @Test
    void requestsAreRecordedWithoutAuthorization() throws Exception {
        client.telnyx("GET", "/number_orders?filter[status]=pending", null);
        final RecordedRequest last = sim.requests().stream()
                .filter(r -> "filter[status]=pending".equals(r.query())).findFirst().orElseThrow();
        assertThat(last.method()).isEqualTo("GET");
        assertThat(last.path()).isEqualTo("/v2/number_orders");
        assertThat(last.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"));
    }

    @Test
    void tenDlcRegistrationsNeedTheirFieldsAndAreAnnouncedSignedAtTheirWebhookUrl() throws Exception {
        assertThat(client.telnyx("POST", "/10dlc/brand", "{}").status()).isEqualTo(422);
        assertThat(client.telnyx("POST", "/10dlc/campaignBuilder", "{\"webhookURL\":\"x\"}").status()).isEqualTo(422);
        assertThat(client.telnyx("POST", "/10dlc/phone_number_campaigns",
                "{\"phoneNumber\":\"5550190\",\"campaignId\":\"c\"}").status()).isEqualTo(422);
        assertThat(client.telnyx("POST", "/10dlc/phone_number_campaigns",
                "{\"phoneNumber\":\"+19705550190\",\"campaignId\":\"nobody-made-it\"}").status()).isEqualTo(404);

        final String url = "http://127.0.0.1:9/ten-dlc-" + UUID.randomUUID();
        final var brand = client.telnyx("POST", "/10dlc/brand",
                "{\"displayName\":\"ABC Mobile\",\"webhookURL\":\"" + url + "\"}").body().get("brandId").asText();
        final var campaign = client.telnyx("POST", "/10dlc/campaignBuilder",
                "{\"brandId\":\"" + brand + "\",\"webhookURL\":\"" + url + "\"}").body().get("campaignId").asText();
        final var assigned = client.telnyx("POST", "/10dlc/phone_number_campaigns",
                "{\"phoneNumber\":\"+19705550190\",\"campaignId\":\"" + campaign + "\"}");
        assertThat(assigned.body().get("assignmentStatus").asText()).isEqualTo("PENDING_ASSIGNMENT");

        await().atMost(Duration.ofSeconds(5)).until(() -> sim.webhooksSent().stream()
                .filter(w -> w.url().equals(url)).map(SentWebhook::eventType).distinct().count() == 3);
        assertThat(sim.webhooksSent()).filteredOn(w -> w.url().equals(url) && w.attempt() == 1)
                .extracting(w -> w.eventType() + " " + (w.body().contains(brand) || w.body().contains(campaign)))
                .containsExactlyInAnyOrder("10dlc.brand.update true", "10dlc.campaign.update true",
                        "10dlc.phone_number.update true");
    }
}
