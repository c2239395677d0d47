package dev.numbers.bridge.webhook.telnyx;

import java.time.Instant;

/** The parts of a Telnyx webhook the bridge relies on: {@code data.event_type}, the order id, its status. */
public record TelnyxNumberOrderEvent(String eventId, String eventType, Instant occurredAt, String orderId,
        String status, String customerReference) {

    public boolean knownEventType() {
        return "number_order.complete".equals(eventType);
    }
}
