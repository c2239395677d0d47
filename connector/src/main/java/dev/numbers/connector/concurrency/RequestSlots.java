package dev.numbers.connector.concurrency;

import com.netflix.concurrency.limits.Limit;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * How many requests may be in flight, following what the provider and the account's rate limit allow. A request
 * holds a slot from dispatch until its result's transaction commits; the times of requests that ran are what the
 * limit ({@link NoLoadGradientLimit}) learns from: while they stay near the unloaded time the limit grows, when they
 * rise (requests queue for rate-limit permits, behind a slow provider, or for the loop's CPU) it shrinks. So nobody
 * has to compute a {@code max-in-flight}: it is an optional cap. The poll thread takes slots, the publisher thread
 * gives them back (and
 * the registry hand-back on the poll thread); gauges read it too, hence the concurrent map and counter.
 */
public final class RequestSlots {

    private final Limit limit;
    private final Ceiling ceiling;
    private final LongSupplier nanoClock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Slot, Long> startedAt = new ConcurrentHashMap<>();

    private RequestSlots(final Limit limit, final Ceiling ceiling, final LongSupplier nanoClock,
                         final MeterRegistry meters) {
        this.limit = limit;
        this.ceiling = ceiling;
        this.nanoClock = nanoClock;
        meters.gauge("connector.concurrency.limit", this, RequestSlots::limit);
        meters.gauge("connector.concurrency.in.flight", inFlight);
        meters.gauge("connector.concurrency.ceiling", ceiling, Ceiling::value);
    }

    /** {@link NoLoadGradientLimit} bounded by the ceiling, with the configured start, floor and tolerance. */
    public static RequestSlots adaptive(final Integer maxInFlight, final ConcurrencyConfig config,
                                        final MeterRegistry meters) {
        return adaptive(Ceiling.of(maxInFlight, Runtime.getRuntime().maxMemory(), config.memoryPerRequest()), config,
                System::nanoTime, meters);
    }

    static RequestSlots adaptive(final Ceiling ceiling, final ConcurrencyConfig config, final LongSupplier nanoClock,
                                 final MeterRegistry meters) {
        final int floor = Math.min(config.minLimit(), ceiling.value());
        final var limit = new NoLoadGradientLimit(Math.max(floor, Math.min(config.initialLimit(), ceiling.value())),
                floor, ceiling.value(), config.rttTolerance());
        return new RequestSlots(limit, ceiling, nanoClock, meters);
    }

    /** Takes a slot for the record at {@code offset}, or says there is none free. */
    public boolean tryTake(final TopicPartition partition, final long offset) {
        if (inFlight.get() >= limit()) {
            return false;
        }
        inFlight.incrementAndGet();
        startedAt.put(new Slot(partition, offset), nanoClock.getAsLong());
        return true;
    }

    /** The record's result is published: its time in flight is a sample of what the provider allows. */
    public void finished(final TopicPartition partition, final long offset) {
        final var started = startedAt.remove(new Slot(partition, offset));
        if (started != null) {
            final long now = nanoClock.getAsLong();
            limit.onSample(started, now - started, inFlight.get(), false);
        }
        inFlight.decrementAndGet();
    }

    /** The slot is given back without a sample: the record was handed back, dead-lettered or dropped. */
    public void released(final TopicPartition partition, final long offset) {
        startedAt.remove(new Slot(partition, offset));
        inFlight.decrementAndGet();
    }

    public boolean full() {
        return inFlight.get() >= limit();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** The current limit: what {@link NoLoadGradientLimit} learned, never above the ceiling. */
    public int limit() {
        return Math.min(limit.getLimit(), ceiling.value());
    }

    public Ceiling ceiling() {
        return ceiling;
    }

    private record Slot(TopicPartition partition, long offset) {
    }
}
