package dev.numbers.bridge.orderstate;

import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import java.util.Optional;

/** The provider order a connector result created, if any: the link from an order id back to its request_id. */
final class CreatedOrders {

    private CreatedOrders() {
    }

    static Optional<String> orderId(final NumberResult result) {
        if (result == null) {
            return Optional.empty();
        }
        return switch (result.getResource()) {
            case AssignmentOrder order -> Optional.ofNullable(order.getId());
            case TelnyxNumberOrder order -> Optional.ofNullable(order.getId());
            case null, default -> Optional.empty();
        };
    }
}
