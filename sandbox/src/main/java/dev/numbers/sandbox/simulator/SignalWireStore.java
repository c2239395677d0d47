package dev.numbers.sandbox.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** What the simulated SignalWire project holds: its numbers, its 10DLC campaigns, orders and assignments. */
final class SignalWireStore implements ProviderStore {

    record Number(String id, String number, Instant createdAt) {
    }

    /** A number's assignment to a campaign; its state moves with the order's life cycle. */
    static final class Assignment {
        final String id;
        final String orderId;
        final String campaignId;
        final String phoneNumberId;
        final String number;
        final String callbackUrl;
        final Instant createdAt;
        private volatile String state = "pending";
        private volatile Instant updatedAt;

        Assignment(String id, String orderId, String campaignId, String phoneNumberId, String number,
                   String callbackUrl, Instant createdAt) {
            this.id = id;
            this.orderId = orderId;
            this.campaignId = campaignId;
            this.phoneNumberId = phoneNumberId;
            this.number = number;
            this.callbackUrl = callbackUrl;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        String state() {
            return state;
        }

        Instant updatedAt() {
            return updatedAt;
        }

        void moveTo(String newState, Instant at) {
            state = newState;
            updatedAt = at;
        }
    }

    /** A number-assignment order; it is processed one life-cycle step after it was placed. */
    static final class Order {
        final String id;
        final String campaignId;
        final String callbackUrl;
        final Instant createdAt;
        final List<Assignment> assignments;
        /** The account (project) that placed the order: its project id goes into the order's callbacks. */
        final String account;
        private volatile String state = "pending";
        private volatile Instant processedAt;
        private volatile Instant updatedAt;

        Order(String id, String campaignId, String callbackUrl, Instant createdAt, List<Assignment> assignments,
              String account) {
            this.account = account;
            this.id = id;
            this.campaignId = campaignId;
            this.callbackUrl = callbackUrl;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
            this.assignments = assignments;
        }

        String state() {
            return state;
        }

        Instant processedAt() {
            return processedAt;
        }

        Instant updatedAt() {
            return updatedAt;
        }

        void processed(Instant at) {
            state = "processed";
            processedAt = at;
            updatedAt = at;
        }
    }

    private final Map<String, Number> byNumber = new ConcurrentHashMap<>();
    private final Map<String, Number> byId = new ConcurrentHashMap<>();
    // Append-only logs, in creation order; copy-on-write lists would copy the whole log on every purchase under load.
    private final Deque<Number> numbers = new ConcurrentLinkedDeque<>();
    private final Map<String, String> campaignBrands = new ConcurrentHashMap<>();
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Queue<Order> orderLog = new ConcurrentLinkedQueue<>();
    private final Queue<Assignment> assignments = new ConcurrentLinkedQueue<>();
    private final Set<String> failOnce = ConcurrentHashMap.newKeySet();

    // ---- numbers ------------------------------------------------------------------------------------------------

    /**
     * Buys {@code e164} unless the project owns it already (then null); {@code whileLocked} runs under the lock that
     * makes racing purchases of one number sell it once.
     */
    synchronized Number buy(String e164, Instant at, Runnable whileLocked) {
        if (byNumber.containsKey(e164)) {
            return null;
        }
        final Number bought = new Number(UUID.randomUUID().toString(), e164, at);
        byNumber.put(e164, bought);
        byId.put(bought.id(), bought);
        numbers.add(bought);
        whileLocked.run();
        return bought;
    }

    /**
     * Releases number {@code id} if {@code mayRelease} allows (else null); its assignments go with it, as a released
     * number can no longer send on a campaign.
     */
    Number release(String id, Predicate<Number> mayRelease, Consumer<Number> whileLocked) {
        final Number released;
        synchronized (this) {
            final Number owned = byId.get(id);
            if (owned == null || !mayRelease.test(owned)) {
                return null;
            }
            released = byId.remove(id);
            byNumber.remove(released.number());
            numbers.remove(released);
            whileLocked.accept(released);
        }
        assignments.removeIf(a -> a.number.equals(released.number()));
        return released;
    }

    Number byId(String id) {
        return byId.get(id);
    }

    Number byNumber(String e164) {
        return byNumber.get(e164);
    }

    @Override
    public boolean owns(String e164) {
        return byNumber.containsKey(e164);
    }

    /** Newest first, as SignalWire lists them. */
    Iterator<Number> newestFirst() {
        return numbers.descendingIterator();
    }

    // ---- campaigns, orders, assignments -------------------------------------------------------------------------

    /** Makes a campaign known, with a generated brand id. */
    void registerCampaign(String campaignId) {
        campaignBrands.putIfAbsent(campaignId, UUID.randomUUID().toString());
    }

    boolean hasCampaign(String campaignId) {
        return campaignBrands.containsKey(campaignId);
    }

    String brandOf(String campaignId) {
        return campaignBrands.get(campaignId);
    }

    void add(Order order) {
        orders.put(order.id, order);
        orderLog.add(order);
        assignments.addAll(order.assignments);
    }

    Order order(String id) {
        return orders.get(id);
    }

    /** Orders in the order they were placed. */
    Iterable<Order> orders() {
        return orderLog;
    }

    /** Assignments in the order they were made. */
    Iterable<Assignment> assignments() {
        return assignments;
    }

    boolean removeAssignment(String id) {
        return assignments.removeIf(a -> a.id.equals(id));
    }

    List<String> assignmentStates(String number) {
        final List<String> states = new ArrayList<>();
        for (Assignment a : assignments) {
            if (a.number.equals(number)) {
                states.add(a.state());
            }
        }
        return states;
    }

    /** The next assignment of this number fails once. */
    void failOnce(String number) {
        failOnce.add(number);
    }

    /** Whether this assignment is the one to fail once (and so the next is not). */
    boolean takeFailOnce(String number) {
        return failOnce.remove(number);
    }

    @Override
    public String orderState(String orderId) {
        final Order order = orders.get(orderId);
        return order == null ? null : order.state();
    }

    @Override
    public Map<String, String> orderStates() {
        final Map<String, String> states = new LinkedHashMap<>();
        orderLog.forEach(order -> states.put(order.id, order.state()));
        return states;
    }
}
