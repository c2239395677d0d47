package dev.numbers.bridge.orderstate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.numbers.bridge.ingest.RawWebhookSink;
import dev.numbers.bridge.webhook.FieldRules;
import dev.numbers.bridge.webhook.WebhookRejected;
import dev.numbers.bridge.webhook.signalwire.TenDlcCallbackParser;
import dev.numbers.bridge.webhook.telnyx.TelnyxEventParser;
import dev.numbers.schemas.avro.RawWebhook;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns a stored raw webhook into the state change it reports; unknown event types report none. A record that cannot
 * be read ends in {@link UnreadableWebhook}, which the topology dead-letters.
 */
final class WebhookNormalizer {

    private final TenDlcCallbackParser tenDlc;
    private final TelnyxEventParser telnyx;

    WebhookNormalizer(final FieldRules rules) {
        final var json = new ObjectMapper();
        this.tenDlc = new TenDlcCallbackParser(json, rules);
        this.telnyx = new TelnyxEventParser(json, rules);
    }

    Optional<StateChange> normalize(final RawWebhook raw) {
        if (raw == null) {
            throw new UnreadableWebhook("tombstone: a raw webhook record without a value");
        }
        final var body = raw.getBody().getBytes(StandardCharsets.UTF_8);
        // the confirmation poller writes what it finds in the provider's own callback shape, marked by this header
        final var source = RawWebhookSink.POLL.equals(raw.getHeaders().get(RawWebhookSink.SOURCE_HEADER)) ? "POLL"
                : "WEBHOOK";
        final var receivedAt = raw.getReceivedAt().toEpochMilli();
        try {
            return switch (raw.getProvider()) {
                case SIGNALWIRE -> signalwire(body, source, receivedAt, raw.getSignatureVerified());
                case TELNYX -> telnyx(body, source, receivedAt, raw.getSignatureVerified());
            };
        } catch (WebhookRejected e) {
            // the intake checks the same rules before storing; a record that fails now was written by something else
            throw new UnreadableWebhook(e.reason().tag() + ": " + e.getMessage());
        }
    }

    private Optional<StateChange> signalwire(final byte[] body, final String source, final long receivedAt,
            final boolean verified) {
        final var c = "POLL".equals(source) ? tenDlc.parsePolled(body) : tenDlc.parse(body);
        if (!c.knownEventType()) {
            return Optional.empty();
        }
        // each object's life is keyed by its own id: a brand by its brand id, a campaign by its campaign id, an
        // assignment order (and its number assignments) by the order id
        final var kind = ObjectKind.of("SIGNALWIRE", c.eventType());
        final var orderId = switch (kind) {
            case BRAND -> c.brandId();
            case CAMPAIGN -> c.campaignId().orElse(null);
            // an assignment order, and a number assignment (its own life is added by StateChange.withOwnLives)
            default -> c.numberAssignmentOrderId().orElse(null);
        };
        if (orderId == null) {
            throw new UnreadableWebhook("a " + c.eventType() + " callback names no " + kind.path() + " id");
        }
        // the callback model has number_assignment_id in every number assignment event: one without it is about no
        // assignment anyone can name, so it must not move the order's state either (dead-lettered, counted)
        if (ObjectKind.aboutAnAssignment(c.eventType()) && c.numberAssignmentId().isEmpty()) {
            throw new UnreadableWebhook("a " + c.eventType() + " callback names no number_assignment id");
        }
        final var objectId = c.numberAssignmentId().orElse(orderId);
        return Optional.of(new StateChange("SIGNALWIRE", orderId, c.eventCategory(), c.eventType(), objectId, c.state(),
                c.eventAt().toEpochMilli(), c.phoneNumber().orElse(null), c.numberAssignmentId().orElse(null),
                c.phoneNumberId().orElse(null), c.campaignId().orElse(null), c.brandId(), c.projectId(), source,
                receivedAt, verified, false));
    }

    private Optional<StateChange> telnyx(final byte[] body, final String source, final long receivedAt,
            final boolean verified) {
        final var e = telnyx.parse(body);
        if (!e.knownEventType() || e.status() == null) {
            return Optional.empty();
        }
        final var kind = ObjectKind.of("TELNYX", e.eventType());
        final var category = switch (kind) {
            case BRAND -> "brand";
            case CAMPAIGN -> "campaign";
            case NUMBER_ASSIGNMENT -> "number_assignment";
            default -> "number_order";
        };
        // a number's campaign assignment is keyed by the number, which is also its phone_number
        final var number = kind == ObjectKind.NUMBER_ASSIGNMENT ? e.orderId() : null;
        return Optional.of(new StateChange("TELNYX", e.orderId(), category, e.eventType(), e.orderId(),
                e.status(), e.occurredAt().toEpochMilli(), number, null, null, e.campaignId(), null, null, source,
                receivedAt, verified, false));
    }
}
