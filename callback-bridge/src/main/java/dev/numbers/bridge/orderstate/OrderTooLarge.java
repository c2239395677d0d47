package dev.numbers.bridge.orderstate;

/**
 * A change that would give an order more number assignments than {@code max-assignments-per-order}: dead-lettered,
 * because a stored view that outgrows a changelog record would fail the thread on every retry.
 */
final class OrderTooLarge extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OrderTooLarge(final String orderId, final int max) {
        super("order " + orderId + " already has " + max
                + " number assignments (bridge.order-state.max-assignments-per-order)", null, false, false);
    }
}
