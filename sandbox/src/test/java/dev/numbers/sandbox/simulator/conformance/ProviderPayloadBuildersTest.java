package dev.numbers.sandbox.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.schemas.provider.TelnyxNumberOrderWebhook;
import dev.numbers.schemas.provider.TenDlcStatusCallback;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shared provider payload builders (schemas, {@code dev.numbers.schemas.provider}) checked against the same spec
 * schemas as the simulator's webhooks ({@link WebhookPayloadConformanceIT}), without a simulator: what the simulator
 * sends and what the bridge's poller writes come from these builders.
 */
class ProviderPayloadBuildersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-29T12:00:00.123Z");

    @Test
    void anOrderProcessedCallbackMatchesTheCallbackModel() throws Exception {
        final var callback = TenDlcStatusCallback.orderProcessed("project-1", AT, "brand-1", "camp-1", "order-1");

        assertThat(SpecSchemas.violations(SpecSchemas.TEN_DLC, JSON.readTree(callback.toJson()))).isEmpty();
        assertThat(callback.eventType()).isEqualTo("number_assignment_order_processed");
    }

    @Test
    void anAssignmentCallbackInEveryStateMatchesTheCallbackModel() throws Exception {
        for (String state : List.of("failed", "pending", "completed")) {
            final var callback = TenDlcStatusCallback.assignment("project-1", AT, state, "brand-1", "camp-1",
                    "order-1", "as-1", "pn-1", "+12025550100");
            final JsonNode body = JSON.readTree(callback.toJson());
            assertThat(SpecSchemas.violations(SpecSchemas.TEN_DLC, body)).as(state).isEmpty();
            assertThat(body.path("state").asText()).isEqualTo(state);
        }
        assertThat(TenDlcStatusCallback.assignmentEvent("failed")).isEqualTo("number_assignment_failed");
        assertThat(TenDlcStatusCallback.assignmentEvent("pending")).isEqualTo("number_assignment_pending");
        assertThat(TenDlcStatusCallback.assignmentEvent("completed")).isEqualTo("number_assignment_activated");
    }

    @Test
    void unknownOptionalFieldsAreLeftOutNotSentAsNull() throws Exception {
        // a poller that never heard the number's id or E.164 leaves them out; the model then names what is missing
        final var callback = TenDlcStatusCallback.assignment("project-1", AT, "completed", null, "camp-1", "order-1",
                "as-1", null, null);
        final JsonNode body = JSON.readTree(callback.toJson());

        assertThat(body.has("brand_id")).isFalse();
        assertThat(body.has("phone_number")).isFalse();
        assertThat(SpecSchemas.violations(SpecSchemas.TEN_DLC, body)).anyMatch(v -> v.contains("phone_number"))
                .anyMatch(v -> v.contains("brand_id"));
    }

    @Test
    void aNumberOrderCompleteEventAsDeliveredMatchesTelnyxsEnvelope() throws Exception {
        final Map<String, Object> payload = Map.of(
                "id", UUID.randomUUID().toString(), "record_type", "number_order", "status", "success",
                "phone_numbers_count", 1, "created_at", "2026-11-29T12:00:00.000000Z",
                "updated_at", "2026-11-29T12:00:00.100000Z",
                "phone_numbers", List.of(Map.of("id", UUID.randomUUID().toString(),
                        "record_type", "number_order_phone_number", "phone_number", "+12025550100",
                        "status", "success")));
        final var event = new TelnyxNumberOrderWebhook(UUID.randomUUID().toString(), AT, payload);

        final JsonNode body = JSON.readTree(event.toJson(TelnyxNumberOrderWebhook.deliveryMeta(1, "http://x/hook")));

        assertThat(SpecSchemas.violations(SpecSchemas.TELNYX_EVENT, body)).isEmpty();
        assertThat(body.at("/data/occurred_at").asText()).isEqualTo("2026-11-29T12:00:00.123000Z");
        assertThat(body.at("/meta/attempt").asInt()).isEqualTo(1);
    }
}
