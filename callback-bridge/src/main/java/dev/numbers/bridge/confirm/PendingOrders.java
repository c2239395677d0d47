package dev.numbers.bridge.confirm;

import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.StateSource;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orders this instance watches: created by the connector (from {@code numbers.results}) or seen in
 * {@code numbers.order-states}, not final yet, and of a kind the provider lets us look up (a SignalWire number
 * assignment order, a Telnyx number order). Brands, campaigns and releases have no order lookup and never enter.
 * Built from the public topics only, so the poller does not depend on the topology's internal stores.
 *
 * <p>Bounded: at most {@code limit} orders (a newcomer beyond it is dropped), each for at most {@code maxAge} since it
 * was first seen, and given up after {@code maxUnmappable} answers that could not be mapped. Each drop is counted
 * ({@code bridge.confirm.pending.dropped{reason=limit|age|unmappable}}) and logged.
 */
final class PendingOrders {

    private static final Logger LOG = LoggerFactory.getLogger(PendingOrders.class);

    /** Order states after which nothing more is expected (SignalWire order, Telnyx number order). */
    static final Set<String> FINAL_STATES = Set.of("processed", "failed", "success", "failure", "cancelled");

    /** The order-state categories that are about an order the provider can be asked for. */
    private static final Set<String> POLLABLE_CATEGORIES = Set.of("number_assignment_order", "number_assignment",
            "number_order");

    /** What is known about one pending order; assignment ids and states come from order-state events. */
    record Pending(Provider provider, String orderId, String state, String campaignId, String brandId,
            String projectId, Map<String, Assignment> assignments, Instant lastChange, Instant since,
            int unmappable) {

        /** An order first seen at {@code lastChange}, with no unmappable answer yet. */
        Pending(final Provider provider, final String orderId, final String state, final String campaignId,
                final String brandId, final String projectId, final Map<String, Assignment> assignments,
                final Instant lastChange) {
            this(provider, orderId, state, campaignId, brandId, projectId, assignments, lastChange, lastChange, 0);
        }

        Pending postponed(final Instant now) {
            return new Pending(provider, orderId, state, campaignId, brandId, projectId, assignments, now, since,
                    unmappable);
        }
    }

    record Assignment(String state, String phoneNumber, String phoneNumberId) {
    }

    /** The bounds of the set ({@code bridge.confirm.max-pending}, {@code max-pending-age}, {@code max-unmappable}). */
    record Bounds(int limit, Duration maxAge, int maxUnmappable) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Bounds bounds;
    private final MeterRegistry meters;
    // a flood drops thousands of ids: one log line per check says how many, not one per id
    private final AtomicLong droppedForLimit = new AtomicLong();

    PendingOrders(final Bounds bounds, final MeterRegistry meters) {
        this.bounds = bounds;
        this.meters = meters;
    }

    void created(final NumberResult result, final Instant at) {
        final var orderId = switch (result.getResource()) {
            case AssignmentOrder order -> order.getId();
            case TelnyxNumberOrder order -> order.getId();
            case null, default -> null;
        };
        final var state = switch (result.getResource()) {
            case AssignmentOrder order -> order.getState();
            case TelnyxNumberOrder order -> order.getStatus();
            case null, default -> null;
        };
        if (orderId == null || (state != null && FINAL_STATES.contains(state))) {
            return;
        }
        admit(orderId, () -> new Pending(result.getProvider(), orderId, state, null, null, null, Map.of(), at));
    }

    void observed(final OrderStateEvent event, final Instant at) {
        if (!pollable(event)) {
            return;
        }
        final var orderId = event.getOrderId();
        if (event.getObjectId().equals(orderId) && FINAL_STATES.contains(event.getState())) {
            pending.remove(orderId);
            return;
        }
        if (!pending.containsKey(orderId) && !admit(orderId, () -> new Pending(event.getProvider(), orderId, null,
                null, null, null, Map.of(), at))) {
            return;
        }
        pending.computeIfPresent(orderId, (id, base) -> {
            final var assignments = new ConcurrentHashMap<>(base.assignments());
            var state = base.state();
            if (event.getObjectId().equals(orderId)) {
                state = event.getState();
            } else {
                assignments.put(event.getObjectId(), new Assignment(event.getState(), event.getPhoneNumber(),
                        event.getPhoneNumberId()));
            }
            return new Pending(base.provider(), orderId, state,
                    event.getCampaignId() != null ? event.getCampaignId() : base.campaignId(),
                    event.getBrandId() != null ? event.getBrandId() : base.brandId(),
                    event.getProjectId() != null ? event.getProjectId() : base.projectId(),
                    Map.copyOf(assignments), at, base.since(), base.unmappable());
        });
    }

    /**
     * Only orders have a provider lookup; a release or deletion (source RESULT) is final when it is reported, and a
     * Telnyx number assignment (a 10DLC phone number update) is keyed by the number, which no order lookup knows.
     */
    private static boolean pollable(final OrderStateEvent event) {
        return event.getSource() != StateSource.RESULT && POLLABLE_CATEGORIES.contains(event.getCategory())
                && !(event.getProvider() == Provider.TELNYX && "number_assignment".contentEquals(event.getCategory()));
    }

    private boolean admit(final String orderId, final Supplier<Pending> entry) {
        if (pending.size() >= bounds.limit()) {
            droppedForLimit.incrementAndGet();
            dropped("limit");
            return false;
        }
        pending.putIfAbsent(orderId, entry.get());
        return true;
    }

    /**
     * Orders that have been quiet for at least {@code after}; first forgets the orders older than the age limit and
     * reports the drops for the limit since the last call.
     */
    List<Pending> due(final Instant now, final Duration after) {
        final var limitDrops = droppedForLimit.getAndSet(0);
        if (limitDrops > 0) {
            LOG.warn("the pending set is full ({} orders, bridge.confirm.max-pending): {} orders were not watched",
                    bounds.limit(), limitDrops);
        }
        final var oldest = now.minus(bounds.maxAge());
        pending.values().removeIf(p -> {
            if (p.since().isBefore(oldest)) {
                LOG.warn("{} order {} still not final after {} (bridge.confirm.max-pending-age): no longer polled",
                        p.provider(), p.orderId(), bounds.maxAge());
                dropped("age");
                return true;
            }
            return false;
        });
        return pending.values().stream().filter(p -> !p.lastChange().plus(after).isAfter(now)).toList();
    }

    /** After a poll: forget the order when the provider says it is final, else wait another period. */
    void polled(final Pending order, final String state, final Instant now) {
        if (state != null && FINAL_STATES.contains(state)) {
            pending.remove(order.orderId());
        } else {
            pending.computeIfPresent(order.orderId(), (id, p) -> p.postponed(now));
        }
    }

    /** After an answer that could not be mapped: wait another period, or give the order up after too many. */
    void unmappable(final Pending order, final Instant now) {
        final var next = pending.computeIfPresent(order.orderId(), (id, p) -> new Pending(p.provider(), p.orderId(),
                p.state(), p.campaignId(), p.brandId(), p.projectId(), p.assignments(), now, p.since(),
                p.unmappable() + 1));
        if (next != null && next.unmappable() >= bounds.maxUnmappable()) {
            pending.remove(order.orderId());
            LOG.warn("{} answered {} unmappable polls for order {} (bridge.confirm.max-unmappable): given up",
                    order.provider(), next.unmappable(), order.orderId());
            dropped("unmappable");
        }
    }

    private void dropped(final String reason) {
        meters.counter("bridge.confirm.pending.dropped", "reason", reason).increment();
    }

    int size() {
        return pending.size();
    }
}
