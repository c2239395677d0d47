package dev.numbers.bridge.confirm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.schemas.avro.Provider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the SignalWire poll writes for what the provider answers: 10DLC status callbacks, only for news. */
class SignalWirePollTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private final CannedProvider provider = newProvider();
    private final SignalWirePoll poll = new SignalWirePoll(
            new PollerConfig.SignalWire(provider.baseUrl(), "project-cfg", "token-1"), new PollAnswers(4096));

    @AfterEach
    void stop() {
        provider.close();
    }

    @Test
    void aProcessedOrderAndAChangedAssignmentBecomeCallbacksInTheProvidersShape() throws Exception {
        provider.answer("/base/registry/beta/orders/order-1", "{\"id\":\"order-1\",\"state\":\"processed\"}")
                .answer("/base/registry/beta/campaigns/camp-1/numbers", "{\"data\":["
                        + "{\"id\":\"as-1\",\"state\":\"completed\"},"
                        + "{\"id\":\"as-2\",\"state\":\"pending\"},"
                        + "{\"id\":\"someone-elses\",\"state\":\"failed\"}]}");
        final var order = new PendingOrders.Pending(Provider.SIGNALWIRE, "order-1", "pending", "camp-1", "brand-1",
                "project-1", Map.of("as-1", new PendingOrders.Assignment("pending", "+12025550100", "pn-1"),
                        "as-2", new PendingOrders.Assignment("pending", "+12025550101", "pn-2")), NOW);

        final var result = poll.poll(order, NOW);

        assertThat(result.orderState()).isEqualTo("processed");
        assertThat(result.findings()).extracting(ProviderPoll.Finding::objectId).containsExactly("order-1", "as-1");
        final JsonNode processed = JSON.readTree(result.findings().get(0).body());
        assertThat(processed.path("event_type").asText()).isEqualTo("number_assignment_order_processed");
        assertThat(processed.path("project_id").asText()).isEqualTo("project-1");
        assertThat(processed.path("brand_id").asText()).isEqualTo("brand-1");
        assertThat(processed.has("number_assignment_id")).isFalse();
        final JsonNode activated = JSON.readTree(result.findings().get(1).body());
        assertThat(activated.path("event_type").asText()).isEqualTo("number_assignment_activated");
        assertThat(activated.path("state").asText()).isEqualTo("completed");
        assertThat(activated.path("phone_number").asText()).isEqualTo("+12025550100");
        assertThat(activated.path("event_at").asText()).isEqualTo("2026-11-29T12:00:00Z");
        assertThat(provider.authorizations()).allMatch(a -> a.equals("Basic "
                + Base64.getEncoder().encodeToString("project-cfg:token-1".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void anOrderNeverCalledBackIsReportedWithTheConfiguredProjectAndNoBrand() throws Exception {
        provider.answer("/base/registry/beta/orders/order-2", "{\"id\":\"order-2\",\"state\":\"processed\"}");
        final var order = new PendingOrders.Pending(Provider.SIGNALWIRE, "order-2", null, null, null, null, Map.of(),
                NOW);

        final var result = poll.poll(order, NOW);

        final JsonNode body = JSON.readTree(result.findings().getFirst().body());
        assertThat(body.path("project_id").asText()).isEqualTo("project-cfg");
        assertThat(body.has("brand_id")).isFalse();
        assertThat(body.has("campaign_id")).isFalse();
    }

    @Test
    void aStateTheBridgeAlreadyKnowsIsNotWrittenAgain() throws Exception {
        provider.answer("/base/registry/beta/orders/order-3", "{\"id\":\"order-3\",\"state\":\"pending\"}");
        final var order = new PendingOrders.Pending(Provider.SIGNALWIRE, "order-3", "pending", null, null, null,
                Map.of(), NOW);

        assertThat(poll.poll(order, NOW).findings()).isEmpty();
    }

    @Test
    void aStateThatIsNotAStringIsAnUnmappableAnswer() {
        provider.answer("/base/registry/beta/orders/order-4", "{\"id\":\"order-4\",\"state\":7}");
        final var order = new PendingOrders.Pending(Provider.SIGNALWIRE, "order-4", "pending", null, null, null,
                Map.of(), NOW);

        assertThatThrownBy(() -> poll.poll(order, NOW)).isInstanceOf(UnmappableAnswer.class)
                .hasMessageContaining("state");
    }

    private static CannedProvider newProvider() {
        try {
            return new CannedProvider();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
