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

    private static final String POLL_HEADER = dev.numbers.bridge.confirm.Poller.SOURCE_HEADER;

    private final TenDlcCallbackParser tenDlc;
    private final TelnyxEventParser telnyx;

    WebhookNormalizer() {
        final var json = new ObjectMapper();
        this.tenDlc = new TenDlcCallbackParser(json);
        this.telnyx = new TelnyxEventParser(json);
    }

    Optional<StateChange> normalize(final RawWebhook raw) {
        final var body = raw.getBody().getBytes(StandardCharsets.UTF_8);
        // the confirmation poller writes what it finds in the provider's own callback shape, marked by this header
        final var source = "poll".equals(raw.getHeaders().get(POLL_HEADER)) ? "POLL" : "WEBHOOK";
        final var receivedAt = raw.getReceivedAt().toEpochMilli();
        try {
            return switch (raw.getProvider()) {
                case SIGNALWIRE -> signalwire(body, source, receivedAt);
                case TELNYX -> telnyx(body, source, receivedAt);
            };
        } catch (WebhookRejected | DateTimeParseException e) {
            // the bridge verified and parsed it before storing; a record that fails now was written by something else
            return Optional.empty();
        }
    }

    private Optional<StateChange> signalwire(final byte[] body, final String source, final long receivedAt) {
        final var c = "POLL".equals(source) ? tenDlc.parsePolled(body) : tenDlc.parse(body);
        if (!c.knownEventType()) {
            return Optional.empty();
        }
        final var orderId = c.numberAssignmentOrderId().or(c::campaignId).orElse(c.brandId());
        final var objectId = c.numberAssignmentId().orElse(orderId);
        return Optional.of(new StateChange("SIGNALWIRE", orderId, c.eventCategory(), c.eventType(), objectId, c.state(),
                millis(c.eventAt()), c.phoneNumber().orElse(null), c.numberAssignmentId().orElse(null),
                c.phoneNumberId().orElse(null), c.campaignId().orElse(null), c.brandId(), c.projectId(), source,
                null, receivedAt, null));
    }

    private Optional<StateChange> telnyx(final byte[] body, final String source, final long receivedAt) {
        final var e = telnyx.parse(body);
        if (!e.knownEventType() || e.status() == null) {
            return Optional.empty();
        }
        return Optional.of(new StateChange("TELNYX", e.orderId(), "number_order", e.eventType(), e.orderId(), e.status(),
                millis(e.occurredAt()), null, null, null, null, null, null, source, null, receivedAt, null));
    }

    private static long millis(final String isoInstant) {
        return OffsetDateTime.parse(isoInstant).toInstant().toEpochMilli();
    }
}
