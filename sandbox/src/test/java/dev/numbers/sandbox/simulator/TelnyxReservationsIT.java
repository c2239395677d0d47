package dev.numbers.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Telnyx number reservations over HTTP: a reserved number is held from another account's order until the
 * reservation expires, then it is for sale again; reservations are listed by customer_reference and extended.
 */
class TelnyxReservationsIT {

    private ProviderSimulator sim;
    private SimClient client;

    @BeforeEach
    void start() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(50)));
        sim.accounts().telnyx("blue", "KEYblue");
        client = new SimClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aReservedNumberIsHeldFromAnotherAccountsOrderAndOrderedByItsHolder() throws Exception {
        final var reserved = client.telnyx("POST", "/number_reservations",
                "{\"phone_numbers\":[{\"phone_number\":\"+19705550201\"}],\"customer_reference\":\"req-201\"}");
        assertThat(reserved.status()).isEqualTo(200);
        assertThat(reserved.body().at("/data/record_type").asText()).isEqualTo("number_reservation");
        assertThat(reserved.body().at("/data/phone_numbers/0/status").asText()).isEqualTo("success");
        assertThat(Instant.parse(reserved.body().at("/data/phone_numbers/0/expired_at").asText()))
                .isAfter(Instant.now().plus(Duration.ofMinutes(29)));
        assertThat(sim.reserved("+19705550201")).isTrue();

        final var competing = blue("POST", "/number_orders", order("+19705550201"));
        final var theirs = competing.body().at("/data/id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.order(theirs).orElseThrow().equals("failure"));
        assertThat(blue("POST", "/number_reservations", "{\"phone_numbers\":[{\"phone_number\":\"+19705550201\"}]}")
                .body().at("/data/phone_numbers/0/status").asText()).isEqualTo("failure");

        final var mine = client.telnyx("POST", "/number_orders", order("+19705550201")).body().at("/data/id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.order(mine).orElseThrow().equals("success"));
        assertThat(sim.purchaseCount("+19705550201")).isEqualTo(1);
        assertThat(client.telnyx("GET", "/number_reservations?filter%5Bcustomer_reference%5D=req-201", null)
                .body().get("data")).hasSize(1);
    }

    @Test
    void anExpiredReservationHoldsNothingAndCannotBeExtended() throws Exception {
        sim.reservationTtl(Duration.ofMillis(300));
        final var id = client.telnyx("POST", "/number_reservations",
                "{\"phone_numbers\":[{\"phone_number\":\"+19705550202\"}]}").body().at("/data/id").asText();
        final var extended = client.telnyx("POST", "/number_reservations/" + id + "/actions/extend", null);
        assertThat(extended.status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> !sim.reserved("+19705550202"));
        assertThat(client.telnyx("GET", "/number_reservations/" + id, null).body()
                .at("/data/phone_numbers/0/status").asText()).isEqualTo("expired");
        assertThat(client.telnyx("POST", "/number_reservations/" + id + "/actions/extend", null).status())
                .isEqualTo(422);
        final var theirs = blue("POST", "/number_orders", order("+19705550202")).body().at("/data/id").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.order(theirs).orElseThrow().equals("success"));
        assertThat(blue("GET", "/number_reservations/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void reservationEndpointsTakeFaultsLikeEveryOther() throws Exception {
        sim.faults().set(Endpoint.TELNYX_CREATE_RESERVATION, EndpointFault.errors(1.0, 503));
        assertThat(client.telnyx("POST", "/number_reservations",
                "{\"phone_numbers\":[{\"phone_number\":\"+19705550203\"}]}").status()).isEqualTo(503);
        assertThat(sim.reserved("+19705550203")).isFalse();
    }

    private static String order(final String number) {
        return "{\"phone_numbers\":[{\"phone_number\":\"" + number + "\"}]}";
    }

    private SimClient.Response blue(final String method, final String path, final String body) throws Exception {
        return client.send(sim.telnyxBaseUrl() + path, method, body, "Bearer KEYblue", Duration.ofSeconds(10));
    }
}
