package dev.numbers.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several provider accounts over real HTTP: own credentials, own numbers, own limits, tokens rotated while running. */
class AccountsIT {

    private final ProviderSimulator sim = ProviderSimulator.start(SimulatorConfig.defaults());
    private final SimClient client = new SimClient(sim);

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void eachSignalWireProjectAnswersOnlyToItsOwnTokenAndARotatedTokenReplacesTheOld() throws Exception {
        sim.accounts().signalWire("east", "project-east", "PTeast-1").signalWire("west", "project-west", "PTwest");
        assertThat(sw("project-east", "PTeast-1", "GET", "/phone_numbers").status()).isEqualTo(200);
        assertThat(sw("project-east", "PTwest", "GET", "/phone_numbers").status()).isEqualTo(401);
        assertThat(sw("project-west", "PTwest", "GET", "/phone_numbers").status()).isEqualTo(200);

        sim.accounts().signalWire("east", "project-east", "PTeast-2");
        assertThat(sw("project-east", "PTeast-1", "GET", "/phone_numbers").status()).isEqualTo(401);
        assertThat(sw("project-east", "PTeast-2", "GET", "/phone_numbers").status()).isEqualTo(200);
        // The configured credentials stay the account named default, and a Telnyx key is no SignalWire token.
        assertThat(client.sw("GET", "/phone_numbers", null).status()).isEqualTo(200);
        assertThat(client.send(sim.signalWireBaseUrl() + "/phone_numbers", "GET", null, client.bearer(),
                Duration.ofSeconds(5)).status()).isEqualTo(401);
    }

    @Test
    void aNumberBelongsToTheAccountThatBoughtItAndOnlyThatAccountCanReleaseIt() throws Exception {
        sim.accounts().signalWire("east", "project-east", "PTeast").telnyx("blue", "KEYblue");
        final var bought = sw("project-east", "PTeast", "POST", "/phone_numbers", "{\"number\":\"+14155550101\"}");
        assertThat(bought.status()).isEqualTo(200);
        assertThat(sim.accounts().owner(Accounts.Kind.SIGNALWIRE, "+14155550101")).isEqualTo("east");
        assertThat(client.sw("GET", "/phone_numbers", null).body().path("data")).isEmpty();
        assertThat(client.sw("DELETE", "/phone_numbers/" + bought.body().path("id").asText(), null).status())
                .isEqualTo(404);
        assertThat(sw("project-east", "PTeast", "DELETE", "/phone_numbers/" + bought.body().path("id").asText())
                .status()).isEqualTo(204);
        assertThat(sim.accounts().owner(Accounts.Kind.SIGNALWIRE, "+14155550101")).isNull();

        final var ordered = telnyx("KEYblue", "POST", "/number_orders",
                "{\"phone_numbers\":[{\"phone_number\":\"+13125550101\"}]}");
        assertThat(ordered.status()).isEqualTo(200);
        assertThat(sim.accounts().ownedBy(Accounts.Kind.TELNYX, "blue")).containsExactly("+13125550101");
        final var mine = telnyx("KEYblue", "GET", "/phone_numbers?filter%5Bphone_number%5D=%2B13125550101", null);
        assertThat(mine.body().path("data")).hasSize(1);
        assertThat(client.telnyx("GET", "/phone_numbers?filter%5Bphone_number%5D=%2B13125550101", null).body()
                .path("data")).isEmpty();
        final var id = mine.body().at("/data/0/id").asText();
        assertThat(client.telnyx("DELETE", "/phone_numbers/" + id, null).status()).isEqualTo(404);
        assertThat(telnyx("KEYblue", "DELETE", "/phone_numbers/" + id, null).status()).isEqualTo(200);
        assertThat(telnyx("KEYwrong", "GET", "/phone_numbers", null).status()).isEqualTo(401);
    }

    @Test
    void anAccountsOwnLimitAppliesToItAloneWithTheProvidersRateLimitAnswer() throws Exception {
        sim.accounts().signalWire("east", "project-east", "PTeast").telnyx("blue", "KEYblue")
                .rateLimit(Accounts.Kind.SIGNALWIRE, "east", 0.5, 1)
                .rateLimit(Accounts.Kind.TELNYX, "blue", 0.5, 1);
        assertThat(sw("project-east", "PTeast", "GET", "/phone_numbers").status()).isEqualTo(200);
        final var limited = sw("project-east", "PTeast", "GET", "/phone_numbers");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("2");
        int served = 0;
        for (int i = 0; i < 5; i++) {
            served += client.sw("GET", "/phone_numbers", null).status() == 200 ? 1 : 0;
        }
        assertThat(served).as("the default account has no limit").isEqualTo(5);
        assertThat(telnyx("KEYblue", "GET", "/phone_numbers", null).status()).isEqualTo(200);
        final var telnyxLimited = telnyx("KEYblue", "GET", "/phone_numbers", null);
        assertThat(telnyxLimited.status()).isEqualTo(429);
        assertThat(telnyxLimited.header("x-ratelimit-limit")).isEqualTo("1");
        System.out.printf("simulator accounts: east limited to 0.5/s -> second call %d Retry-After %s; default served"
                + " %d of 5; blue second call %d%n", limited.status(), limited.header("Retry-After"), served,
                telnyxLimited.status());
    }

    @Test
    void anAssignmentOrdersCallbacksNameTheProjectThatPlacedIt() throws Exception {
        final var campaign = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
        sim.registerCampaign(campaign);
        sim.accounts().signalWire("east", "project-east", "PTeast");
        final var placed = sw("project-east", "PTeast", "POST", "/registry/beta/campaigns/" + campaign + "/orders",
                "{\"phone_numbers\":[\"+14155550177\"],\"status_callback_url\":\"http://127.0.0.1:1/cb\"}");
        assertThat(placed.status()).isEqualTo(200);
        final var sent = Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(sim::webhooksSent, list -> !list.isEmpty());
        assertThat(SimClient.JSON.readTree(sent.getFirst().body()).path("project_id").asText())
                .isEqualTo("project-east");
    }

    private SimClient.Response sw(String project, String token, String method, String path) throws Exception {
        return sw(project, token, method, path, null);
    }

    private SimClient.Response sw(String project, String token, String method, String path, String body)
            throws Exception {
        return client.send(sim.signalWireBaseUrl() + path, method, body, "Basic " + Base64.getEncoder()
                .encodeToString((project + ":" + token).getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(5));
    }

    private SimClient.Response telnyx(String key, String method, String path, String body) throws Exception {
        return client.send(sim.telnyxBaseUrl() + path, method, body, "Bearer " + key, Duration.ofSeconds(5));
    }
}
