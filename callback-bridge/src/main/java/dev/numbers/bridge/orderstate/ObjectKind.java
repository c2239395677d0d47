package dev.numbers.bridge.orderstate;

import dev.numbers.bridge.webhook.telnyx.TelnyxNumberOrderEvent;
import dev.numbers.schemas.avro.OrderStateEvent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The 10DLC and number-order objects whose lives the bridge follows, each keyed by its own id, from the callback
 * model in {@code specs/} and Telnyx's number-order events. A number assignment lives under its own id and, as a
 * summary entry, inside its assignment order; a release or an assignment deletion (the connector's result, keyed by
 * the number, else the provider id) is final when it is reported.
 *
 * <p>Final states are named by event type, since the callback model leaves the state strings open: a brand is final
 * once activated or unverified, a campaign once deactivated (an active campaign may still be deactivated), an
 * assignment order once processed, a number assignment once activated (a failed one may be retried), a Telnyx number
 * order once {@code number_order.complete} reports it. Telnyx's 10DLC brand and campaign updates join the same
 * brand and campaign lives (keyed by Telnyx's brand and campaign ids), and its phone number updates the number
 * assignment life, keyed by the number (Telnyx assigns a number to a campaign by the number); none of their statuses
 * is final, for Telnyx may still move a rejected, dormant or failed brand or campaign on (a resubmission, a
 * re-vetting) and assign or unassign a number again. The connector's deletion of that assignment ends it.
 */
public enum ObjectKind {
    BRAND,
    CAMPAIGN,
    NUMBER_ASSIGNMENT_ORDER,
    NUMBER_ASSIGNMENT,
    NUMBER_ORDER,
    RELEASE;

    /** The event types of the connector's own release and deletion results (see {@link ReleaseStates}). */
    static final String RELEASED = "phone_number.released";
    static final String DELETED = "number_assignment.deleted";

    private static final Set<String> FINAL_EVENT_TYPES = Set.of("brand_activated", "brand_unverified",
            "campaign_deactivated", "number_assignment_order_processed", "number_assignment_activated",
            "number_order.complete", RELEASED, DELETED);

    /**
     * Whether the kind's events go to {@code numbers.order-states} (orders, a SignalWire assignment's event under its
     * order, releases and deletions) rather than {@code numbers.object-states} (brands, campaigns, a Telnyx number
     * assignment, which no order holds).
     */
    public boolean onOrderTopic() {
        return switch (this) {
            case NUMBER_ASSIGNMENT_ORDER, NUMBER_ORDER, RELEASE -> true;
            case BRAND, CAMPAIGN, NUMBER_ASSIGNMENT -> false;
        };
    }

    /** The kind of the object whose life an emitted event belongs to (its key's kind). */
    static ObjectKind ofEvent(final OrderStateEvent event) {
        return of(event.getProvider().name(), event.getEventType());
    }

    /** The kind's name in {@code GET /objects/{kind}/{id}}: {@code brand}, {@code campaign}, ... */
    public String path() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named in a path, if any. */
    public static Optional<ObjectKind> ofPath(final String path) {
        return Arrays.stream(values()).filter(k -> k.path().equals(path)).findFirst();
    }

    /** The kind of the object whose life a known event type belongs to. */
    static ObjectKind of(final String provider, final String eventType) {
        if (RELEASED.equals(eventType) || DELETED.equals(eventType)) {
            return RELEASE;
        }
        if ("TELNYX".equals(provider)) {
            return switch (eventType) {
                case TelnyxNumberOrderEvent.BRAND_UPDATE -> BRAND;
                case TelnyxNumberOrderEvent.CAMPAIGN_UPDATE -> CAMPAIGN;
                case TelnyxNumberOrderEvent.PHONE_NUMBER_UPDATE -> NUMBER_ASSIGNMENT;
                default -> NUMBER_ORDER;
            };
        }
        if (eventType.startsWith("brand_")) {
            return BRAND;
        }
        return eventType.startsWith("campaign_") ? CAMPAIGN : NUMBER_ASSIGNMENT_ORDER;
    }

    /** Whether a SignalWire event is about one number assignment (not its order, brand or campaign). */
    static boolean aboutAnAssignment(final String eventType) {
        return eventType.startsWith("number_assignment_") && !eventType.startsWith("number_assignment_order");
    }

    /** Whether the event leaves its object (the order, brand, campaign or assignment it is about) in a final state. */
    static boolean isFinal(final String eventType) {
        return FINAL_EVENT_TYPES.contains(eventType);
    }
}
