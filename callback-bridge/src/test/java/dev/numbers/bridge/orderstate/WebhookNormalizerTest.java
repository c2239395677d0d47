package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.bridge.confirm.Poller;
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

    private final WebhookNormalizer normalizer = new WebhookNormalizer();

    @Test
    void aPollOfAnOrderNeverCalledBackBecomesAChangeWithoutBrand() {
        final var change = normalizer.normalize(raw(ORDER_PROCESSED_WITHOUT_BRAND, Map.of(Poller.SOURCE_HEADER, Poller.POLL)))
                .orElseThrow();

        assertThat(change.orderId()).isEqualTo("o1");
        assertThat(change.state()).isEqualTo("processed");
        assertThat(change.brandId()).isNull();
        assertThat(change.projectId()).isEqualTo("p1");
        assertThat(change.source()).isEqualTo("POLL");
    }

    @Test
    void aWebhookWithoutBrandChangesNothing() {
        // the intake refuses such a callback with 400; a record like this was not written by it
        assertThat(normalizer.normalize(raw(ORDER_PROCESSED_WITHOUT_BRAND, Map.of()))).isEmpty();
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
