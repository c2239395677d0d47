package dev.numbers.sandbox.simulator;

import java.util.Map;

/** What the simulator asks of every provider's store for inspection, whatever the provider's own model. */
interface ProviderStore {

    /** The state of one of this provider's orders, or null when it has no such order. */
    String orderState(String orderId);

    /** Every order's state by order id, for {@code /_sim/inspect}. */
    Map<String, String> orderStates();

    /** Whether one of this provider's accounts owns the number now (bought and not released). */
    boolean owns(String number);
}
