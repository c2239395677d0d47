package dev.numbers.bridge.webhook.telnyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.webhook.FieldRules;
import dev.numbers.bridge.webhook.WebhookRejected;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TelnyxEventParserTest {

    private final TelnyxEventParser parser = new TelnyxEventParser(new ObjectMapper(), FieldRules.defaults());

    @Test
    void readsANumberOrderCompleteEvent() {
        final var event = parser.parse("""
                {"data":{"id":"e1","event_type":"number_order.complete","occurred_at":"2026-11-23T12:00:00Z",
                 "record_type":"event","payload":{"id":"12ade33a-21c0-473b-b055-b3c836e1c292","status":"success",
                 "customer_reference":"req-1","record_type":"number_order"}},"meta":{"attempt":1}}"""
                .getBytes(StandardCharsets.UTF_8));

        assertThat(event.orderId()).isEqualTo("12ade33a-21c0-473b-b055-b3c836e1c292");
        assertThat(event.status()).isEqualTo("success");
        assertThat(event.customerReference()).isEqualTo("req-1");
        assertThat(event.knownEventType()).isTrue();
    }

    @Test
    void namesTheMissingOrderId() {
        assertThatThrownBy(() -> parser.parse("""
                {"data":{"id":"e1","event_type":"number_order.complete","occurred_at":"2026-11-23T12:00:00Z",
                 "payload":{"status":"success"}}}""".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("missing required field data.payload.id");
    }

    @Test
    void aTenDlcCampaignUpdateIsAboutItsCampaignAndNeedsItsId() {
        final var event = parser.parse("""
                {"data":{"id":"e2","event_type":"10dlc.campaign.update","occurred_at":"2026-11-23T12:00:00Z",
                 "record_type":"event","payload":{"brandId":"b-1","campaignId":"c-1","type":"MNO_REVIEW",
                 "status":"ACCEPTED"}}}""".getBytes(StandardCharsets.UTF_8));

        assertThat(event.orderId()).isEqualTo("c-1");
        assertThat(event.status()).isEqualTo("accepted");
        assertThat(event.knownEventType()).isTrue();
        assertThatThrownBy(() -> parser.parse("""
                {"data":{"id":"e3","event_type":"10dlc.brand.update","occurred_at":"2026-11-23T12:00:00Z",
                 "payload":{"id":"not-a-brand-id","status":"success"}}}""".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("missing required field data.payload.brandId");
    }

    @Test
    void aTenDlcPhoneNumberUpdateIsAboutItsNumberWhichMustBeANumber() {
        final var event = parser.parse("""
                {"data":{"id":"e4","event_type":"10dlc.phone_number.update","occurred_at":"2026-11-23T12:00:00Z",
                 "payload":{"phoneNumber":"+15551230007","campaignId":"c-1","type":"ASSIGNMENT",
                 "status":"ASSIGNED"}}}""".getBytes(StandardCharsets.UTF_8));

        assertThat(event.orderId()).isEqualTo("+15551230007");
        assertThat(event.campaignId()).isEqualTo("c-1");
        assertThat(event.status()).isEqualTo("assigned");
        assertThat(event.knownEventType()).isTrue();
        assertThatThrownBy(() -> parser.parse("""
                {"data":{"id":"e5","event_type":"10dlc.phone_number.update","occurred_at":"2026-11-23T12:00:00Z",
                 "payload":{"phoneNumber":"DROP TABLE","status":"ASSIGNED"}}}""".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
