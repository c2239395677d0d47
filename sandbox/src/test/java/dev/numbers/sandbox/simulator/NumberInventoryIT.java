package dev.numbers.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Search, availability races and release over real HTTP, for both providers: what a search-and-buy and a release
 * rely on.
 */
class NumberInventoryIT {

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
    void eachAreaCodeHasItsOwnInventoryAndBoughtNumbersLeaveIt() throws Exception {
        sim.inventory("415", 3).inventory("212", 0);
        assertThat(swSearch("areacode=415")).containsExactly("+14152000000", "+14152000001", "+14152000002");
        assertThat(swSearch("areacode=212")).isEmpty();
        assertThat(client.sw("POST", "/phone_numbers", "{\"number\":\"+14152000000\"}").status()).isEqualTo(200);
        assertThat(swSearch("areacode=415")).containsExactly("+14152000001", "+14152000002");
        assertThat(telnyxSearch("filter[national_destination_code]=415&filter[limit]=2"))
                .as("the Telnyx account has its own ownership").containsExactly("+14152000000", "+14152000001");
        assertThat(telnyxSearch("filter[phone_number_type]=toll_free&filter[national_destination_code]=888"
                + "&filter[phone_number][ends_with]=0042")).containsExactly("+18882000042");
        assertThat(telnyxSearch("filter[phone_number_type]=local&filter[national_destination_code]=888"))
                .as("a toll-free code has no local numbers").isEmpty();
    }

    @Test
    void aNumberSoldBetweenSearchAndBuyIsRefusedAndTheNextOneIsNot() throws Exception {
        sim.sellAfterNextSearch(1);
        final List<String> found = swSearch("areacode=303&max_results=2");
        final SimClient.Response first = client.sw("POST", "/phone_numbers", "{\"number\":\"" + found.get(0) + "\"}");
        assertThat(first.status()).isEqualTo(422);
        assertThat(first.body().path("errors").get(0).path("code").asText()).isEqualTo("number_not_available");
        assertThat(client.sw("POST", "/phone_numbers", "{\"number\":\"" + found.get(1) + "\"}").status())
                .isEqualTo(200);
        assertThat(swSearch("areacode=303&max_results=2")).doesNotContain(found.get(0), found.get(1));

        sim.sellAfterNextSearch(1);
        final List<String> telnyx = telnyxSearch("filter[national_destination_code]=404&filter[limit]=1");
        final SimClient.Response order = client.telnyx("POST", "/number_orders",
                "{\"phone_numbers\":[{\"phone_number\":\"" + telnyx.get(0) + "\"}]}");
        assertThat(order.status()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                sim.order(order.body().path("data").path("id").asText()).orElse("").equals("failure"));
        assertThat(sim.owns(telnyx.get(0))).isFalse();
    }

    @Test
    void aTelnyxOrderSetToFailStaysSearchableIsAcceptedPendingAndEndsInFailure() throws Exception {
        sim.inventory("347", 2).failTelnyxOrdersFor("+13472000000");
        assertThat(telnyxSearch("filter[national_destination_code]=347"))
                .containsExactly("+13472000000", "+13472000001");
        final SimClient.Response order = client.telnyx("POST", "/number_orders",
                "{\"phone_numbers\":[{\"phone_number\":\"+13472000000\"}]}");
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.body().path("data").path("status").asText()).isEqualTo("pending");
        final String id = order.body().path("data").path("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                client.telnyx("GET", "/number_orders/" + id, null).body().path("data").path("status").asText()
                        .equals("failure"));
        assertThat(sim.owns("+13472000000")).isFalse();
        assertThat(sim.purchaseCount("+13472000000")).isZero();
    }

    @Test
    void releaseReturnsTheNumberToTheInventoryAndARepeatIs404() throws Exception {
        sim.inventory("720", 1);
        final JsonNode bought = client.sw("POST", "/phone_numbers", "{\"number\":\"+17202000000\"}").body();
        assertThat(swSearch("areacode=720")).isEmpty();
        assertThat(client.sw("DELETE", "/phone_numbers/" + bought.path("id").asText(), null).status()).isEqualTo(204);
        assertThat(sim.owns("+17202000000")).isFalse();
        assertThat(swSearch("areacode=720")).containsExactly("+17202000000");
        assertThat(client.sw("DELETE", "/phone_numbers/" + bought.path("id").asText(), null).status()).isEqualTo(404);
    }

    @Test
    void telnyxDeleteAnswersTheDeletedNumberThenA404() throws Exception {
        final SimClient.Response order = client.telnyx("POST", "/number_orders",
                "{\"phone_numbers\":[{\"phone_number\":\"+13122000000\"}]}");
        assertThat(order.status()).isEqualTo(200);
        final JsonNode listed = client.telnyx("GET", "/phone_numbers?filter[phone_number]=%2B13122000000", null).body();
        final String id = listed.path("data").get(0).path("id").asText();
        final SimClient.Response deleted = client.telnyx("DELETE", "/phone_numbers/" + id, null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().path("data").path("status").asText()).isEqualTo("deleted");
        assertThat(deleted.body().path("data").path("phone_number").asText()).isEqualTo("+13122000000");
        final SimClient.Response again = client.telnyx("DELETE", "/phone_numbers/" + id, null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body().path("errors").get(0).path("code").asText()).isEqualTo("10005");
        assertThat(client.telnyx("GET", "/phone_numbers?filter[phone_number]=%2B13122000000", null)
                .body().path("data")).isEmpty();
    }

    private List<String> swSearch(String query) throws Exception {
        return client.sw("GET", "/phone_numbers/search?" + query, null).body().path("data").findValuesAsText("number");
    }

    private List<String> telnyxSearch(String query) throws Exception {
        final String encoded = query.replace("[", "%5B").replace("]", "%5D");
        return client.telnyx("GET", "/available_phone_numbers?" + encoded, null).body().path("data")
                .findValuesAsText("phone_number");
    }
}
