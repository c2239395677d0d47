package dev.numbers.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The number settings endpoints over HTTP: SignalWire's PUT validated against UpdatePhoneNumberRequest (unknown
 * properties, bad enums and URLs refused), Telnyx's PATCHes of the number, its messaging and its voice settings.
 */
class NumberSettingsEndpointsIT {

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

    @Test
    void signalWirePutSetsOnlyPropertiesOfUpdatePhoneNumberRequest() throws Exception {
        final var id = client.sw("POST", "/phone_numbers", "{\"number\":\"+14155550301\"}").body().get("id").asText();

        final var unknown = client.sw("PUT", "/phone_numbers/" + id, "{\"call_handler\":\"relay_topic\","
                + "\"call_routing\":\"somewhere\"}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().at("/errors/0/detail").asText()).contains("call_routing");
        assertThat(client.sw("PUT", "/phone_numbers/" + id, "{\"call_handler\":\"relay_everywhere\"}").status())
                .isEqualTo(422);
        assertThat(client.sw("PUT", "/phone_numbers/" + id, "{\"call_request_url\":\"javascript:alert(1)\"}")
                .status()).isEqualTo(422);
        assertThat(sim.configurationWrites("+14155550301")).isZero();

        final var put = client.sw("PUT", "/phone_numbers/" + id,
                "{\"call_handler\":\"relay_topic\",\"call_relay_topic\":\"office\"}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().get("call_relay_topic").asText()).isEqualTo("office");
        assertThat(client.sw("GET", "/phone_numbers?filter_number=%2B14155550301", null).body()
                .at("/data/0/call_handler").asText()).isEqualTo("relay_topic");
        assertThat(client.sw("PUT", "/phone_numbers/3fa85f64-5717-4562-b3fc-2c963f66afa6", "{\"name\":\"x\"}")
                .status()).isEqualTo(404);
    }

    @Test
    void telnyxPatchesSetTheNumberItsMessagingAndItsVoice() throws Exception {
        final var order = client.telnyx("POST", "/number_orders",
                "{\"phone_numbers\":[{\"phone_number\":\"+13125550301\"}]}").body().at("/data/id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.order(order).orElseThrow().equals("success"));
        final var id = client.telnyx("GET", "/phone_numbers?filter%5Bphone_number%5D=%2B13125550301", null).body()
                .at("/data/0/id").asText();

        assertThat(client.telnyx("PATCH", "/phone_numbers/" + id, "{\"tags\":[\"a\"],\"colour\":\"red\"}").status())
                .isEqualTo(422);
        assertThat(client.telnyx("PATCH", "/phone_numbers/" + id, "{\"tags\":[\"a\",\"b\"]}").status())
                .isEqualTo(200);
        assertThat(client.telnyx("PATCH", "/phone_numbers/" + id + "/messaging",
                "{\"messaging_profile_id\":\"mp-1\"}").status()).isEqualTo(200);
        assertThat(client.telnyx("PATCH", "/phone_numbers/" + id + "/voice",
                "{\"emergency\":{\"emergency_enabled\":true}}").status()).isEqualTo(422);
        assertThat(client.telnyx("PATCH", "/phone_numbers/" + id + "/voice",
                "{\"cnam_listing\":{\"cnam_listing_enabled\":true,\"cnam_listing_details\":\"ACME\"}}").status())
                .isEqualTo(200);

        assertThat(client.telnyx("GET", "/phone_numbers/" + id, null).body().at("/data/messaging_profile_id")
                .asText()).isEqualTo("mp-1");
        assertThat(client.telnyx("GET", "/phone_numbers/" + id + "/voice", null).body()
                .at("/data/cnam_listing/cnam_listing_details").asText()).isEqualTo("ACME");
        assertThat(sim.configurationWrites("+13125550301")).isEqualTo(3);
    }
}
