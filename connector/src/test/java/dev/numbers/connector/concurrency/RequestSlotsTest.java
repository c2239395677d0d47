package dev.numbers.connector.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The limit against a simulated provider on a simulated clock: a backlog that never runs dry, a provider answering
 * after a fixed latency, optionally behind an account rate limit that spaces calls 1/rate apart (requests wait for
 * their permit while holding their slot, as in the connector).
 */
class RequestSlotsTest {

    private static final TopicPartition PARTITION = new TopicPartition("numbers.requests", 0);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void withoutARateLimitTheLimitGrowsUntilThousandsPerSecondFlow() {
        final var slots = slots(new Ceiling(4_096, "test"));
        final int start = slots.limit();

        final var run = simulate(slots, 200, 0, 20);

        System.out.printf("no rate limit, 200 ms: limit %d -> %d, %.0f req/s in the last 5 s%n",
                start, slots.limit(), run.rateAtEnd());
        assertThat(slots.limit()).isGreaterThan(1_000);
        assertThat(run.rateAtEnd()).isGreaterThan(1_000);
        assertThat(meters.get("connector.concurrency.limit").gauge().value()).isEqualTo(slots.limit());
    }

    @Test
    void behindA100PerSecondLimitItHoldsFewSlotsAndStillKeepsTheAccountBusy() {
        final var slots = slots(new Ceiling(4_096, "test"));
        final int start = slots.limit();

        final var run = simulate(slots, 200, 100, 30);

        assertSettledBehindTheRateLimit("100/s rate limit, 200 ms, from limit " + start, slots, run);
    }

    @Test
    void throttledWhileThousandsAreInFlightItDrainsThenSettles() {
        final var slots = slots(new Ceiling(4_096, "test"));
        simulate(slots, 200, 0, 10);
        final int grown = slots.limit();

        // The account is throttled to 100/s while thousands are in flight: they drain, then the limit settles.
        final var run = simulate(slots, 200, 100, 120);

        assertSettledBehindTheRateLimit("throttled to 100/s at limit " + grown + ", after 120 s", slots, run);
    }

    /** 20 in flight keep a 100/s account at 200 ms busy: the limit stays near that, and the account stays busy. */
    private static void assertSettledBehindTheRateLimit(final String what, final RequestSlots slots, final Run run) {
        System.out.printf("%s: limit %d (%d-%d in the last 5 s), %.1f req/s in the last 5 s%n", what, slots.limit(),
                run.minLimitAtEnd(), run.maxLimitAtEnd(), run.rateAtEnd());
        assertThat(run.maxLimitAtEnd()).isLessThan(100);
        assertThat(run.rateAtEnd()).isGreaterThanOrEqualTo(99);
    }

    @Test
    void aProviderThatStaysSlowerIsRelearnedAndTheLimitGrowsAgain() {
        final var slots = slots(new Ceiling(4_096, "test"));
        simulate(slots, 200, 0, 10);

        // 200 ms became 1 s for good: the limit first falls (requests take 5x longer), then learns the new normal.
        final var run = simulate(slots, 1_000, 0, 60);

        System.out.printf("provider 200 ms -> 1 s: limit %d after 60 s, %.0f req/s in the last 5 s%n",
                slots.limit(), run.rateAtEnd());
        assertThat(slots.limit()).isGreaterThan(1_000);
        assertThat(run.rateAtEnd()).isGreaterThan(1_000);
    }

    @Test
    void neverExceedsTheCeilingNorTakesMoreSlotsThanTheLimit() {
        final var slots = slots(new Ceiling(2, "connector.max-in-flight"));

        assertThat(slots.tryTake(PARTITION, 0)).isTrue();
        assertThat(slots.tryTake(PARTITION, 1)).isTrue();
        assertThat(slots.tryTake(PARTITION, 2)).isFalse();
        assertThat(slots.full()).isTrue();

        slots.released(PARTITION, 0);
        assertThat(slots.inFlight()).isEqualTo(1);
        assertThat(slots.tryTake(PARTITION, 2)).isTrue();
        slots.finished(PARTITION, 1);
        slots.finished(PARTITION, 2);

        simulate(slots, 1, 0, 5);
        assertThat(slots.limit()).isEqualTo(2);
        assertThat(meters.get("connector.concurrency.ceiling").gauge().value()).isEqualTo(2);
    }

    @Test
    void ceilingIsTheCapWhenItIsBelowWhatTheHeapHolds() {
        assertThat(Ceiling.of(100, 512L << 20, 256 << 10)).isEqualTo(new Ceiling(100, "connector.max-in-flight"));
        assertThat(Ceiling.of(null, 512L << 20, 256 << 10).value()).isEqualTo(2_048);
        assertThat(Ceiling.of(10_000, 512L << 20, 256 << 10).value()).isEqualTo(2_048);
        assertThat(Ceiling.of(null, 1L << 20, 256 << 10).value()).isEqualTo(4);
    }

    /** What a simulated run ended with: the rate and the largest limit over its last 5 seconds. */
    private record Run(double rateAtEnd, int maxLimitAtEnd, int minLimitAtEnd) {
    }

    private Run simulate(final RequestSlots slots, final long latencyMs, final int ratePerSecond, final int seconds) {
        final var due = new PriorityQueue<long[]>((a, b) -> Long.compare(a[0], b[0]));
        final long end = now.get() + seconds * 1_000 * MS;
        final long lastFive = end - 5_000 * MS;
        long nextPermit = now.get();
        long offset = now.get();
        long finishedAtEnd = 0;
        int maxLimit = 0;
        int minLimit = Integer.MAX_VALUE;
        while (now.get() < end) {
            while (slots.tryTake(PARTITION, offset)) {
                final long call = ratePerSecond == 0 ? now.get() : Math.max(now.get(), nextPermit);
                nextPermit = call + TimeUnit.SECONDS.toNanos(1) / Math.max(1, ratePerSecond);
                due.add(new long[] {call + latencyMs * MS, offset++});
            }
            now.addAndGet(MS);
            while (!due.isEmpty() && due.peek()[0] <= now.get()) {
                slots.finished(PARTITION, due.poll()[1]);
                if (now.get() > lastFive) {
                    finishedAtEnd++;
                }
            }
            if (now.get() > lastFive) {
                maxLimit = Math.max(maxLimit, slots.limit());
                minLimit = Math.min(minLimit, slots.limit());
            }
        }
        while (!due.isEmpty()) {
            slots.released(PARTITION, due.poll()[1]);
        }
        return new Run(finishedAtEnd / 5.0, maxLimit, minLimit);
    }

    private RequestSlots slots(final Ceiling ceiling) {
        return RequestSlots.adaptive(ceiling, ConcurrencyConfig.defaults(), now::get, meters);
    }
}
