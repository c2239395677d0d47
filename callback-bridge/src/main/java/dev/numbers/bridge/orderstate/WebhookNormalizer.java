package dev.numbers.bridge.orderstate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.webhook.WebhookRejected;
import dev.numbers.bridge.webhook.signalwire.TenDlcCallbackParser;
import dev.numbers.bridge.webhook.telnyx.TelnyxEventParser;
import dev.numbers.schemas.avro.RawWebhook;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Turns a stored raw webhook into the state change it reports; unknown event types report none. */
final class WebhookNormalizer {

    private final TenDlcCallbackParser tenDlc;
    private final TelnyxEventParser telnyx;

    WebhookNormalizer() {
        final var json = new ObjectMapper();
        this.tenDlc = new TenDlcCallbackParser(json);
        this.telnyx = new TelnyxEventParser(json);
    }

    Optional<StateChange> normalize(final RawWebhook raw) {
        final var body = raw.getBody().getBytes(StandardCharsets.UTF_8);
        try {
            return switch (raw.getProvider()) {
                case SIGNALWIRE -> signalwire(body);
                case TELNYX -> telnyx(body);
            };
        } catch (WebhookRejected | DateTimeParseException e) {
            // the bridge verified and parsed it before storing; a record that fails now was written by something else
            return Optional.empty();
        }
    }

    private Optional<StateChange> signalwire(final byte[] body) {
        final var c = tenDlc.parse(body);
        if (!c.knownEventType()) {
            return Optional.empty();
        }
        final var orderId = c.numberAssignmentOrderId().or(c::campaignId).orElse(c.brandId());
        final var objectId = c.numberAssignmentId().orElse(orderId);
        return Optional.of(new StateChange("SIGNALWIRE", orderId, c.eventCategory(), c.eventType(), objectId, c.state(),
                millis(c.eventAt()), c.phoneNumber().orElse(null), c.numberAssignmentId().orElse(null),
                c.phoneNumberId().orElse(null), c.campaignId().orElse(null), c.brandId(), c.projectId(), "WEBHOOK",
                null));
    }

    private Optional<StateChange> telnyx(final byte[] body) {
        final var e = telnyx.parse(body);
        if (!e.knownEventType() || e.status() == null) {
            return Optional.empty();
        }
        return Optional.of(new StateChange("TELNYX", e.orderId(), "number_order", e.eventType(), e.orderId(), e.status(),
                millis(e.occurredAt()), null, null, null, null, null, null, "WEBHOOK", null));
    }

    private static long millis(final String isoInstant) {
        return OffsetDateTime.parse(isoInstant).toInstant().toEpochMilli();
    }
}
