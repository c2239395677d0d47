package dev.numbers.sandbox.simulator;

import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** The simulator's in-memory provider state. */
final class Store {

    record SwNumber(String id, String number, Instant createdAt) {
    }

    static final class SwAssignment {
        final String id;
        final String orderId;
        final String campaignId;
        final String phoneNumberId;
        final String number;
        final String callbackUrl;
        final Instant createdAt;
        volatile String state = "pending";
        volatile Instant updatedAt;

        SwAssignment(String id, String orderId, String campaignId, String phoneNumberId, String number,
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
    }

    static final class SwOrder {
        final String id;
        final String campaignId;
        final String callbackUrl;
        final Instant createdAt;
        final List<SwAssignment> assignments;
        /** The account (project) that placed the order: its project id goes into the order's callbacks. */
        final String account;
        volatile String state = "pending";
        volatile Instant processedAt;
        volatile Instant updatedAt;

        SwOrder(String id, String campaignId, String callbackUrl, Instant createdAt, List<SwAssignment> assignments,
                String account) {
            this.account = account;
            this.id = id;
            this.campaignId = campaignId;
            this.callbackUrl = callbackUrl;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
            this.assignments = assignments;
        }
    }

    static final class TelnyxOrderNumber {
        final String id;
        final String phoneNumber;
        final String bundleId;
        final String requirementGroupId;
        volatile String status = "pending";

        TelnyxOrderNumber(String id, String phoneNumber) {
            this(id, phoneNumber, null, null);
        }

        TelnyxOrderNumber(String id, String phoneNumber, String bundleId, String requirementGroupId) {
            this.id = id;
            this.phoneNumber = phoneNumber;
            this.bundleId = bundleId;
            this.requirementGroupId = requirementGroupId;
        }
    }

    static final class TelnyxOrder {
        final String id;
        final String connectionId;
        final String messagingProfileId;
        final String billingGroupId;
        final String customerReference;
        final List<TelnyxOrderNumber> numbers;
        final Instant createdAt;
        volatile String status = "pending";
        volatile Instant updatedAt;

        TelnyxOrder(String id, String connectionId, String messagingProfileId, String billingGroupId,
                    String customerReference, List<TelnyxOrderNumber> numbers, Instant createdAt) {
            this.id = id;
            this.connectionId = connectionId;
            this.messagingProfileId = messagingProfileId;
            this.billingGroupId = billingGroupId;
            this.customerReference = customerReference;
            this.numbers = numbers;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }
    }

    record TelnyxNumber(String id, String phoneNumber, String orderId, String connectionId,
                        String messagingProfileId, String customerReference, Instant createdAt) {
    }

    final Map<String, SwNumber> swNumbersByNumber = new ConcurrentHashMap<>();
    final Map<String, SwNumber> swNumbersById = new ConcurrentHashMap<>();
    final Inventory inventory = new Inventory();
    // Append-only logs, in creation order; copy-on-write lists would copy the whole log on every purchase under load.
    final Deque<SwNumber> swNumbers = new ConcurrentLinkedDeque<>();
    final Map<String, String> campaignBrands = new ConcurrentHashMap<>();
    final Map<String, SwOrder> swOrders = new ConcurrentHashMap<>();
    final Queue<SwOrder> swOrderList = new ConcurrentLinkedQueue<>();
    final Queue<SwAssignment> swAssignments = new ConcurrentLinkedQueue<>();
    final Map<String, TelnyxOrder> telnyxOrders = new ConcurrentHashMap<>();
    final Queue<TelnyxOrder> telnyxOrderList = new ConcurrentLinkedQueue<>();
    final Map<String, TelnyxNumber> telnyxNumbersByNumber = new ConcurrentHashMap<>();
    final Map<String, TelnyxNumber> telnyxNumbersById = new ConcurrentHashMap<>();
    final Queue<TelnyxNumber> telnyxNumbers = new ConcurrentLinkedQueue<>();
    final Set<String> unavailable = ConcurrentHashMap.newKeySet();
    /** Telnyx: still listed by the search, but an order for it is accepted pending and then ends in failure. */
    final Set<String> telnyxOrdersFail = ConcurrentHashMap.newKeySet();
    final Set<String> failOnce = ConcurrentHashMap.newKeySet();
    final Map<String, AtomicInteger> purchases = new ConcurrentHashMap<>();

    void countPurchase(String number) {
        purchases.computeIfAbsent(number, n -> new AtomicInteger()).incrementAndGet();
    }
}
