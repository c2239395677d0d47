package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.bridge.confirm.Poller;
import dev.numbers.bridge.webhook.FieldRules;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookNormalizerTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:01Z");
    private static final String ORDER_PROCESSED_WITHOUT_BRAND = """
            {"project_id":"p1","event_at":"2026-11-23T12:00:00Z","event_category":"number_assignment_order",
             "event_type":"number_assignment_order_processed","state":"processed","number_assignment_order_id":"o1"}""";

    private final WebhookNormalizer normalizer = new WebhookNormalizer(FieldRules.defaults());

    @Test
    void aPollOfAnOrderNeverCalledBackBecomesAChangeWithoutBrand() {
        final var change = normalizer.normalize(raw(ORDER_PROCESSED_WITHOUT_BRAND, Map.of(Poller.SOURCE_HEADER,
                Poller.POLL)))
                .orElseThrow();

        assertThat(change.orderId()).isEqualTo("o1");
        assertThat(change.state()).isEqualTo("processed");
        assertThat(change.brandId()).isNull();
        assertThat(change.projectId()).isEqualTo("p1");
        assertThat(change.source()).isEqualTo("POLL");
    }

    @Test
    void aWebhookWithoutBrandIsUnreadableForTheDeadLetterTopic() {
        // the intake refuses such a callback with 400; a record like this was not written by it
        assertThatThrownBy(() -> normalizer.normalize(raw(ORDER_PROCESSED_WITHOUT_BRAND, Map.of())))
                .isInstanceOf(UnreadableWebhook.class)
                .hasMessageContaining("brand_id");
    }

    @Test
    void anEventTimeBeyondEpochMillisIsUnreadableNotAnOverflow() {
        // the case: a valid ISO instant that Instant.toEpochMilli cannot hold killed the stream thread
        final var body = ORDER_PROCESSED_WITHOUT_BRAND.replace("\"p1\",", "\"p1\",\"brand_id\":\"b1\",")
                .replace("2026-11-23T12:00:00Z", "+999999999-12-31T23:59:59Z");

        assertThatThrownBy(() -> normalizer.normalize(raw(body, Map.of())))
                .isInstanceOf(UnreadableWebhook.class)
                .hasMessageStartingWith("timestamp_out_of_range");
    }

    @Test
    void aTombstoneIsUnreadable() {
        assertThatThrownBy(() -> normalizer.normalize(null)).isInstanceOf(UnreadableWebhook.class);
    }

    @Test
    void carriesTheReceiptTimeForTheLagMetric() {
        final var change = normalizer.normalize(raw(ORDER_PROCESSED_WITHOUT_BRAND.replace("\"p1\",",
                "\"p1\",\"brand_id\":\"b1\","), Map.of())).orElseThrow();

        assertThat(change.brandId()).isEqualTo("b1");
        assertThat(change.receivedAtMillis()).isEqualTo(RECEIVED.toEpochMilli());
        assertThat(change.source()).isEqualTo("WEBHOOK");
    }

    private static RawWebhook raw(final String body, final Map<String, String> headers) {
        return RawWebhook.newBuilder()
                .setProvider(Provider.SIGNALWIRE)
                .setObjectId("o1")
                .setUrl("http://127.0.0.1/webhooks/signalwire/10dlc")
                .setReceivedAt(RECEIVED)
                .setHeaders(headers)
                .setBody(body)
                .setSignatureVerified(true)
                .build();
    }
}
