package dev.numbers.bridge.orderstate;

import dev.numbers.bridge.webhook.WebhookRejected;
import dev.numbers.bridge.webhook.signalwire.TenDlcCallbackParser;
import dev.numbers.bridge.webhook.telnyx.TelnyxEventParser;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.avro.StateSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the order state a raw webhook reports: the one mapping from each provider's JSON to an {@link Observation}.
 *
 * <p>Empty for what changes no order state: event types the spec does not list, brand and campaign events (they
 * belong to no order), and bodies that no longer parse (the intake verified them, so that means a format change; the
 * raw record stays in its topic for a replay once the mapping is fixed).
 */
public final class Observations {

    /** Header the poller sets on the raw records it writes; providers never send it (the intake keeps only its own). */
    public static final String SOURCE_HEADER = "x-numbers-source";
    public static final String POLL = "poll";

    private static final Logger LOG = LoggerFactory.getLogger(Observations.class);

    private final TenDlcCallbackParser tenDlc = new TenDlcCallbackParser(JsonSerde.JSON);
    private final TelnyxEventParser telnyx = new TelnyxEventParser(JsonSerde.JSON);

    public Optional<Observation> from(final RawWebhook raw) {
        final var body = raw.getBody().getBytes(StandardCharsets.UTF_8);
        final var source = POLL.equals(raw.getHeaders().get(SOURCE_HEADER)) ? StateSource.POLL : StateSource.WEBHOOK;
        try {
            return raw.getProvider() == Provider.TELNYX ? telnyx(body, source) : signalwire(body, source);
        } catch (WebhookRejected | DateTimeParseException e) {
            LOG.warn("raw {} webhook for {} changes no state: {}", raw.getProvider(), raw.getObjectId(), e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Observation> signalwire(final byte[] body, final StateSource source) {
        final var callback = tenDlc.parse(body);
        if (!callback.knownEventType() || callback.numberAssignmentOrderId().isEmpty()) {
            return Optional.empty();
        }
        final var orderId = callback.numberAssignmentOrderId().get();
        final boolean assignment = "number_assignment".equals(callback.eventCategory());
        final var objectId = assignment ? callback.numberAssignmentId().orElse(null) : orderId;
        if (objectId == null) {
            return Optional.empty();
        }
        return Optional.of(new Observation(Provider.SIGNALWIRE, orderId, callback.eventCategory(),
                callback.eventType(), objectId, callback.state(), callback.phoneNumber().orElse(null),
                callback.numberAssignmentId().orElse(null), callback.phoneNumberId().orElse(null),
                callback.campaignId().orElse(null), callback.brandId(), callback.projectId(),
                instant(callback.eventAt()), source, null));
    }

    private Optional<Observation> telnyx(final byte[] body, final StateSource source) {
        final var event = telnyx.parse(body);
        if (!event.knownEventType() || event.status() == null) {
            return Optional.empty();
        }
        return Optional.of(new Observation(Provider.TELNYX, event.orderId(), "number_order", event.eventType(),
                event.orderId(), event.status(), null, null, null, null, null, null, instant(event.occurredAt()),
                source, null));
    }

    private static long instant(final String iso) {
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return Instant.parse(iso).toEpochMilli();
        }
    }
}
