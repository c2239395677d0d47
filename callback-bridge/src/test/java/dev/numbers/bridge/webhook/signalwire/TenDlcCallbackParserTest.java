package dev.numbers.bridge.webhook.signalwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.webhook.FieldRules;
import dev.numbers.bridge.webhook.WebhookRejected;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TenDlcCallbackParserTest {

    private final TenDlcCallbackParser parser = new TenDlcCallbackParser(new ObjectMapper(), FieldRules.defaults());

    private static byte[] bytes(final String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsANumberAssignmentEventAndKeysItByTheAssignment() {
        final var callback = parser.parse(bytes("""
                {"project_id":"p1","event_at":"2026-11-23T12:00:00Z","event_category":"number_assignment",
                 "event_type":"number_assignment_activated","state":"completed","brand_id":"b1","campaign_id":"c1",
                 "number_assignment_order_id":"o1","number_assignment_id":"a1","phone_number_id":"pn1",
                 "phone_number":"+15551234567"}"""));

        assertThat(callback.objectId()).isEqualTo("a1");
        assertThat(callback.phoneNumber()).contains("+15551234567");
        assertThat(callback.knownEventType()).isTrue();
    }

    @Test
    void keysAnOrderEventByTheOrder() {
        final var callback = parser.parse(bytes("""
                {"project_id":"p1","event_at":"2026-11-23T12:00:00Z","event_category":"number_assignment_order",
                 "event_type":"number_assignment_order_processed","state":"processed","brand_id":"b1",
                 "campaign_id":"c1","number_assignment_order_id":"o1"}"""));

        assertThat(callback.objectId()).isEqualTo("o1");
    }

    @Test
    void keepsUnknownEventTypesButMarksThem() {
        final var callback = parser.parse(bytes("""
                {"project_id":"p1","event_at":"2026-11-23T12:00:00Z","event_category":"brand",
                 "event_type":"brand_vetted","state":"vetted","brand_id":"b1"}"""));

        assertThat(callback.knownEventType()).isFalse();
        assertThat(callback.objectId()).isEqualTo("b1");
    }

    @Test
    void namesTheMissingRequiredField() {
        assertThatThrownBy(() -> parser.parse(bytes("""
                {"project_id":"p1","event_category":"brand","event_type":"brand_activated","state":"active",
                 "brand_id":"b1"}""")))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("missing required field event_at");
    }

    @Test
    void refusesMalformedJsonWithA400() {
        assertThatThrownBy(() -> parser.parse(bytes("{not json")))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
