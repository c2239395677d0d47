package dev.numbers.sandbox.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** What the simulated Telnyx account holds: its number orders and the numbers they bought. */
final class TelnyxStore implements ProviderStore {

    /** One number of an order; it settles when the order completes. */
    static final class OrderNumber {
        final String id;
        final String phoneNumber;
        final String bundleId;
        final String requirementGroupId;
        private volatile String status = "pending";

        OrderNumber(String id, String phoneNumber, String bundleId, String requirementGroupId) {
            this.id = id;
            this.phoneNumber = phoneNumber;
            this.bundleId = bundleId;
            this.requirementGroupId = requirementGroupId;
        }

        String status() {
            return status;
        }

        void settle(String newStatus) {
            status = newStatus;
        }
    }

    static final class Order {
        final String id;
        final String connectionId;
        final String messagingProfileId;
        final String billingGroupId;
        final String customerReference;
        final List<OrderNumber> numbers;
        final Instant createdAt;
        private volatile String status = "pending";
        private volatile Instant updatedAt;

        Order(String id, String connectionId, String messagingProfileId, String billingGroupId,
              String customerReference, List<OrderNumber> numbers, Instant createdAt) {
            this.id = id;
            this.connectionId = connectionId;
            this.messagingProfileId = messagingProfileId;
            this.billingGroupId = billingGroupId;
            this.customerReference = customerReference;
            this.numbers = numbers;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        String status() {
            return status;
        }

        Instant updatedAt() {
            return updatedAt;
        }

        void complete(String finalStatus, Instant at) {
            status = finalStatus;
            updatedAt = at;
        }
    }

    record Number(String id, String phoneNumber, String orderId, String connectionId,
                  String messagingProfileId, String customerReference, Instant createdAt) {
    }

    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Queue<Order> orderLog = new ConcurrentLinkedQueue<>();
    private final Map<String, Number> byNumber = new ConcurrentHashMap<>();
    private final Map<String, Number> byId = new ConcurrentHashMap<>();
    private final Queue<Number> numbers = new ConcurrentLinkedQueue<>();
    /** Still listed by the search, but an order for it is accepted pending and then ends in failure. */
    private final Set<String> ordersFail = ConcurrentHashMap.newKeySet();

    /**
     * Takes {@code owned} unless the account has that number already (then false); {@code whileLocked} runs under the
     * lock, so racing orders for one number sell it once.
     */
    synchronized boolean take(Number owned, Runnable whileLocked) {
        if (byNumber.containsKey(owned.phoneNumber())) {
            return false;
        }
        byNumber.put(owned.phoneNumber(), owned);
        byId.put(owned.id(), owned);
        numbers.add(owned);
        whileLocked.run();
        return true;
    }

    Number byId(String id) {
        return byId.get(id);
    }

    /** Deletes number {@code id} if {@code mayDelete} allows (else null). */
    synchronized Number delete(String id, Predicate<Number> mayDelete, Consumer<Number> whileLocked) {
        final Number owned = byId.get(id);
        if (owned == null || !mayDelete.test(owned)) {
            return null;
        }
        byId.remove(id);
        whileLocked.accept(owned);
        byNumber.remove(owned.phoneNumber());
        numbers.remove(owned);
        return owned;
    }

    Number byNumber(String phone) {
        return byNumber.get(phone);
    }

    @Override
    public boolean owns(String phone) {
        return byNumber.containsKey(phone);
    }

    /** Numbers in the order they were bought. */
    Iterable<Number> numbers() {
        return numbers;
    }

    void add(Order order) {
        orders.put(order.id, order);
        orderLog.add(order);
    }

    Order order(String id) {
        return orders.get(id);
    }

    /** Orders in the order they were placed. */
    Iterable<Order> orders() {
        return orderLog;
    }

    void failOrdersFor(String number) {
        ordersFail.add(number);
    }

    boolean ordersFail(String number) {
        return ordersFail.contains(number);
    }

    @Override
    public String orderState(String orderId) {
        final Order order = orders.get(orderId);
        return order == null ? null : order.status();
    }

    @Override
    public Map<String, String> orderStates() {
        final Map<String, String> states = new LinkedHashMap<>();
        orderLog.forEach(order -> states.put(order.id, order.status()));
        return states;
    }
}
