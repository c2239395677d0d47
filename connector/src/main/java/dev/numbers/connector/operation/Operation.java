package dev.numbers.connector.operation;

import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.SignalWireConfigurePhoneNumber;
import dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder;
import dev.numbers.schemas.avro.SignalWireDeleteNumberAssignment;
import dev.numbers.schemas.avro.SignalWireReleasePhoneNumber;
import dev.numbers.schemas.avro.SignalWireSearchAndPurchase;
import dev.numbers.schemas.avro.TelnyxDeletePhoneNumber;
import dev.numbers.schemas.avro.TelnyxSearchAndOrder;
import dev.numbers.schemas.avro.SignalWireListAssignmentOrders;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.TelnyxConfigurePhoneNumber;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One provider operation, mapped once from the Avro union so the rest of the connector can switch over it. */
public sealed interface Operation {

    Provider provider();

    OperationType type();

    /**
     * An operation SignalWire performs: its client switches over these alone, so a new one is a compile error there.
     */
    sealed interface OfSignalWire extends Operation {
        @Override
        default Provider provider() {
            return Provider.SIGNALWIRE;
        }
    }

    /** An operation Telnyx performs. */
    sealed interface OfTelnyx extends Operation {
        @Override
        default Provider provider() {
            return Provider.TELNYX;
        }
    }

    /** A purchase, search-and-purchase or order that configures what it bought in the same request. */
    sealed interface Buying extends Operation {
        /** The settings to apply to the number bought; empty when none were asked for. */
        NumberSettings configuration();
    }

    /** {@code configuration} is empty unless the number is to be configured after the purchase. */
    record PurchasePhoneNumber(String number, NumberSettings configuration) implements OfSignalWire, Buying {
        public PurchasePhoneNumber(final String number) {
            this(number, NumberSettings.none());
        }

        public OperationType type() { return OperationType.PURCHASE_PHONE_NUMBER; }
    }

    /** {@code statusCallbackUrl} is null when the producer gave none; the client fills in the bridge URL. */
    record CreateAssignmentOrder(String campaignId, List<String> phoneNumbers, String statusCallbackUrl)
            implements OfSignalWire {
        public CreateAssignmentOrder {
            phoneNumbers = List.copyOf(phoneNumbers);
        }
        public OperationType type() { return OperationType.CREATE_ASSIGNMENT_ORDER; }
    }

    record ListAssignmentOrders(String campaignId, String filterState) implements OfSignalWire {
        public OperationType type() { return OperationType.LIST_ASSIGNMENT_ORDERS; }
    }

    record OrderedNumber(String phoneNumber, String requirementGroupId, String bundleId) {
    }

    /** {@code customerReference} is null when the producer gave none; the client sends the request_id. */
    record NumberOrder(List<OrderedNumber> phoneNumbers, String connectionId, String messagingProfileId,
                       String billingGroupId, String customerReference, NumberSettings configuration)
            implements OfTelnyx, Buying {
        public NumberOrder {
            phoneNumbers = List.copyOf(phoneNumbers);
        }

        public NumberOrder(final List<OrderedNumber> phoneNumbers, final String connectionId,
                           final String messagingProfileId, final String billingGroupId,
                           final String customerReference) {
            this(phoneNumbers, connectionId, messagingProfileId, billingGroupId, customerReference,
                    NumberSettings.none());
        }

        public OperationType type() { return OperationType.TELNYX_CREATE_NUMBER_ORDER; }
    }

    /** Names the number ({@code number}, E.164) or its SignalWire id ({@code phoneNumberId}); exactly one. */
    record ReleasePhoneNumber(String number, String phoneNumberId) implements OfSignalWire {
        public OperationType type() { return OperationType.RELEASE_PHONE_NUMBER; }
    }

    /** Names the assignment id, or the number and its campaign. */
    record DeleteNumberAssignment(String assignmentId, String campaignId, String number) implements OfSignalWire {
        public OperationType type() { return OperationType.DELETE_NUMBER_ASSIGNMENT; }
    }

    /** Names the number ({@code number}, E.164) or its Telnyx id ({@code phoneNumberId}); exactly one. */
    record DeletePhoneNumber(String number, String phoneNumberId) implements OfTelnyx {
        public OperationType type() { return OperationType.TELNYX_DELETE_PHONE_NUMBER; }
    }

    /** Criteria instead of a number: search, then buy the first candidate still for sale. */
    record SearchAndPurchase(String areacode, String numberType, String startsWith, String contains, String endsWith,
                             String region, String city, int maxCandidates, NumberSettings configuration)
            implements OfSignalWire, Buying {
        public SearchAndPurchase(final String areacode, final String numberType, final String startsWith,
                                 final String contains, final String endsWith, final String region,
                                 final String city, final int maxCandidates) {
            this(areacode, numberType, startsWith, contains, endsWith, region, city, maxCandidates,
                    NumberSettings.none());
        }

        public OperationType type() { return OperationType.SEARCH_AND_PURCHASE; }

        /** The criteria as a user wrote them, for answers and logs. */
        public String criteria() {
            return describe("areacode", areacode, "number_type", numberType, "starts_with", startsWith,
                    "contains", contains, "ends_with", endsWith, "region", region, "city", city);
        }
    }

    /** Telnyx: criteria instead of a number; the order is placed for the first candidate still for sale. */
    record SearchAndOrder(String nationalDestinationCode, String phoneNumberType, String startsWith, String contains,
                          String endsWith, String connectionId, String messagingProfileId, int maxCandidates,
                          NumberSettings configuration)
            implements OfTelnyx, Buying {
        public SearchAndOrder(final String nationalDestinationCode, final String phoneNumberType,
                              final String startsWith, final String contains, final String endsWith,
                              final String connectionId, final String messagingProfileId, final int maxCandidates) {
            this(nationalDestinationCode, phoneNumberType, startsWith, contains, endsWith, connectionId,
                    messagingProfileId, maxCandidates, NumberSettings.none());
        }

        public OperationType type() { return OperationType.TELNYX_SEARCH_AND_ORDER; }

        public String criteria() {
            return describe("national_destination_code", nationalDestinationCode, "phone_number_type",
                    phoneNumberType, "starts_with", startsWith, "contains", contains, "ends_with", endsWith);
        }
    }

    /** Names a number ({@code number}, E.164) or its SignalWire id; holds {@code settings} on it (desired state). */
    record ConfigurePhoneNumber(String number, String phoneNumberId, NumberSettings settings)
            implements OfSignalWire {
        public OperationType type() { return OperationType.CONFIGURE_PHONE_NUMBER; }
    }

    /** Names a number ({@code number}, E.164) or its Telnyx id; holds {@code settings} on it (desired state). */
    record TelnyxConfigure(String number, String phoneNumberId, NumberSettings settings)
            implements OfTelnyx {
        public OperationType type() { return OperationType.TELNYX_CONFIGURE_PHONE_NUMBER; }
    }

    /** "name=value ..." of the given (name, value) pairs whose value is set. */
    private static String describe(final String... namesAndValues) {
        final var parts = new ArrayList<String>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                parts.add(namesAndValues[i] + "=" + namesAndValues[i + 1]);
            }
        }
        return parts.isEmpty() ? "any number" : String.join(" ", parts);
    }

    /** Empty when the union member is not one this connector knows (a newer producer, a broken record). */
    static Optional<Operation> from(final Object avroOperation) {
        return Optional.ofNullable(switch (avroOperation) {
            case SignalWirePurchasePhoneNumber p -> new PurchasePhoneNumber(text(p.getNumber()),
                    NumberSettings.of(p.getConfiguration()));
            case SignalWireCreateAssignmentOrder o -> new CreateAssignmentOrder(text(o.getCampaignId()),
                    o.getPhoneNumbers() == null ? List.of() : o.getPhoneNumbers().stream().map(Operation::text)
                            .toList(),
                    text(o.getStatusCallbackUrl()));
            case SignalWireListAssignmentOrders l -> new ListAssignmentOrders(text(l.getCampaignId()),
                    text(l.getFilterState()));
            case TelnyxCreateNumberOrder t -> new NumberOrder(
                    t.getPhoneNumbers() == null ? List.of() : t.getPhoneNumbers().stream()
                            .map(n -> new OrderedNumber(text(n.getPhoneNumber()), text(n.getRequirementGroupId()),
                                    text(n.getBundleId())))
                            .toList(),
                    text(t.getConnectionId()), text(t.getMessagingProfileId()), text(t.getBillingGroupId()),
                    text(t.getCustomerReference()), NumberSettings.of(t.getConfiguration()));
            case SignalWireReleasePhoneNumber r -> new ReleasePhoneNumber(text(r.getNumber()),
                    text(r.getPhoneNumberId()));
            case SignalWireDeleteNumberAssignment d -> new DeleteNumberAssignment(text(d.getAssignmentId()),
                    text(d.getCampaignId()), text(d.getNumber()));
            case TelnyxDeletePhoneNumber d -> new DeletePhoneNumber(text(d.getNumber()), text(d.getPhoneNumberId()));
            case SignalWireSearchAndPurchase s -> new SearchAndPurchase(text(s.getAreacode()), text(s.getNumberType()),
                    text(s.getStartsWith()), text(s.getContains()), text(s.getEndsWith()), text(s.getRegion()),
                    text(s.getCity()), s.getMaxCandidates(), NumberSettings.of(s.getConfiguration()));
            case TelnyxSearchAndOrder t -> new SearchAndOrder(text(t.getNationalDestinationCode()),
                    text(t.getPhoneNumberType()), text(t.getStartsWith()), text(t.getContains()),
                    text(t.getEndsWith()), text(t.getConnectionId()), text(t.getMessagingProfileId()),
                    t.getMaxCandidates(), NumberSettings.of(t.getConfiguration()));
            case SignalWireConfigurePhoneNumber c -> new ConfigurePhoneNumber(text(c.getNumber()),
                    text(c.getPhoneNumberId()), NumberSettings.of(c.getConfiguration()));
            case TelnyxConfigurePhoneNumber c -> new TelnyxConfigure(text(c.getNumber()),
                    text(c.getPhoneNumberId()), NumberSettings.of(c.getConfiguration()));
            case null, default -> null;
        });
    }

    private static String text(final CharSequence value) {
        return value == null ? null : value.toString();
    }
}
