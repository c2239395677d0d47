package dev.numbers.bridge.confirm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.schemas.avro.Provider;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the Telnyx poll writes for what the provider answers: a number_order.complete event once the order is done. */
class TelnyxPollTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private final CannedProvider provider;
    private final TelnyxPoll poll;

    TelnyxPollTest() throws IOException {
        provider = new CannedProvider();
        poll = new TelnyxPoll(new PollerConfig.Telnyx(provider.baseUrl(), "KEY-1"), new PollAnswers(4096));
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    @Test
    void aCompletedOrderBecomesANumberOrderCompleteEventCarryingTheOrderAsRead() throws Exception {
        provider.answer("/base/number_orders/order-1", "{\"data\":{\"id\":\"order-1\",\"record_type\":\"number_order\","
                + "\"status\":\"success\",\"phone_numbers\":[{\"phone_number\":\"+12025550100\",\"status\":\"succes"
                        + "s\"}]}}");

        final var result = poll.poll(pending("order-1"), NOW);

        assertThat(result.orderState()).isEqualTo("success");
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.objectId()).isEqualTo("order-1");
            final JsonNode event = JSON.readTree(f.body());
            assertThat(event.at("/data/event_type").asText()).isEqualTo("number_order.complete");
            assertThat(event.at("/data/record_type").asText()).isEqualTo("event");
            assertThat(event.at("/data/id").asText()).startsWith("poll-");
            assertThat(event.at("/data/occurred_at").asText()).isEqualTo("2026-11-29T12:00:00.000000Z");
            assertThat(event.at("/data/payload/phone_numbers/0/phone_number").asText()).isEqualTo("+12025550100");
            assertThat(event.has("meta")).isFalse();
        });
        assertThat(provider.authorizations()).containsOnly("Bearer KEY-1");
    }

    @Test
    void aPendingOrderWritesNothing() throws Exception {
        provider.answer("/base/number_orders/order-2", "{\"data\":{\"id\":\"order-2\",\"status\":\"pending\"}}");

        final var result = poll.poll(pending("order-2"), NOW);

        assertThat(result.orderState()).isEqualTo("pending");
        assertThat(result.findings()).isEmpty();
    }

    @Test
    void anAnswerLargerThanTheLimitIsUnmappableAndCutToTheLimit() {
        provider.answer("/base/number_orders/order-3", "{\"data\":{\"status\":\"success\",\"pad\":\""
                + "x".repeat(5000) + "\"}}");

        assertThatThrownBy(() -> poll.poll(pending("order-3"), NOW)).isInstanceOfSatisfying(UnmappableAnswer.class,
                e -> assertThat(e.body()).hasSize(4096));
    }

    private static PendingOrders.Pending pending(String orderId) {
        return new PendingOrders.Pending(Provider.TELNYX, orderId, "pending", null, null, null, Map.of(), NOW);
    }
}
