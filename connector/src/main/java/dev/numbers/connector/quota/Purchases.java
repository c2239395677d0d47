package dev.numbers.connector.quota;

import dev.numbers.connector.operation.Operation;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.ReleasedResource;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SearchPurchase;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What an operation counts against a quota, and what its result bought or released. */
final class Purchases {

    /**
     * Error codes after which a number may have been bought although the result is FAILED: such a purchase stays
     * counted (never overshoot). Other FAILED purchases (unreachable, 5xx and 429 answers, 401) bought nothing.
     */
    private static final Set<String> MAYBE_BOUGHT = Set.of("outcome_unknown", "unreadable_response",
            "unexpected_status", "connector_error", "internal_error", "result_too_large");

    private Purchases() {
    }

    /** Numbers the operation buys; 0 for operations that buy nothing. */
    static int count(final Operation operation) {
        return switch (operation) {
            case Operation.PurchasePhoneNumber p -> 1;
            case Operation.NumberOrder o -> o.phoneNumbers().size();
            case Operation.SearchAndPurchase s -> 1;
            case Operation.SearchAndOrder s -> 1;
            case Operation.CreateAssignmentOrder o -> 0;
            case Operation.ListAssignmentOrders l -> 0;
            case Operation.ReleasePhoneNumber r -> 0;
            case Operation.DeleteNumberAssignment d -> 0;
            case Operation.DeletePhoneNumber d -> 0;
            case Operation.ConfigurePhoneNumber c -> 0;
            case Operation.TelnyxConfigure c -> 0;
        };
    }

    /** True when the purchase ended with a number bought, or with one that may have been. */
    static boolean mayHaveBought(final NumberResult result) {
        return result.getStatus() == ResultStatus.SUCCEEDED || result.getStatus() == ResultStatus.FAILED
                && result.getErrors().stream().anyMatch(e -> MAYBE_BOUGHT.contains(String.valueOf(e.getCode())));
    }

    /** The numbers a purchase bought (from its result, else the numbers it asked for; none for a search). */
    static List<String> bought(final Operation operation, final NumberResult result) {
        final List<String> found = switch (result.getResource()) {
            case PhoneNumber p -> List.of(p.getNumber());
            case SearchPurchase s -> List.of(s.getNumber());
            case TelnyxNumberOrder o -> o.getPhoneNumbers().stream().map(n -> n.getPhoneNumber()).toList();
            case null, default -> List.of();
        };
        if (!found.isEmpty()) {
            return found;
        }
        return switch (operation) {
            case Operation.PurchasePhoneNumber p -> List.of(p.number());
            case Operation.NumberOrder o -> o.phoneNumbers().stream().map(Operation.OrderedNumber::phoneNumber)
                    .toList();
            default -> List.of();
        };
    }

    /** The number a release of a phone number names up front, when it names one. */
    static Optional<String> releasing(final Operation operation) {
        return switch (operation) {
            case Operation.ReleasePhoneNumber r -> Optional.ofNullable(r.number());
            case Operation.DeletePhoneNumber d -> Optional.ofNullable(d.number());
            default -> Optional.empty();
        };
    }

    /** The number a SUCCEEDED release of a phone number removed (or found already gone). */
    static Optional<String> released(final Operation operation, final NumberResult result) {
        if (result.getStatus() != ResultStatus.SUCCEEDED) {
            return Optional.empty();
        }
        final String named = switch (operation) {
            case Operation.ReleasePhoneNumber r -> r.number();
            case Operation.DeletePhoneNumber d -> d.number();
            default -> null;
        };
        if (!(operation instanceof Operation.ReleasePhoneNumber || operation instanceof Operation.DeletePhoneNumber)) {
            return Optional.empty();
        }
        if (result.getResource() instanceof ReleasedResource released && released.getNumber() != null) {
            return Optional.of(released.getNumber());
        }
        return Optional.ofNullable(named);
    }
}
