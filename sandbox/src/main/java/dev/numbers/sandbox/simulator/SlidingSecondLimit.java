package dev.numbers.sandbox.simulator;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider account's true request limit: at most {@code perSecond} calls accepted in any sliding second, counted
 * across every caller of the account (however many connector instances share it). A refused call is not counted
 * against the window, as at the real APIs, and is answered 429 with a whole-second Retry-After and Telnyx's
 * {@code x-ratelimit-*} headers (reset in seconds until the oldest accepted call leaves the window). Accepted and
 * refused calls are counted per account so a test can measure the rate the provider really saw.
 */
final class SlidingSecondLimit {

    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    SlidingSecondLimit(int perSecond) {
        this.perSecond = perSecond;
    }

    Faults.Admission acquire(String account) {
        return windows.computeIfAbsent(account, a -> new Window()).take(perSecond, System.nanoTime());
    }

    Faults.LimitCounts counts(String account) {
        final Window window = windows.get(account);
        return window == null ? new Faults.LimitCounts(0, 0)
                : new Faults.LimitCounts(window.accepted.get(), window.refused.get());
    }

    Map<String, Faults.LimitCounts> all() {
        final Map<String, Faults.LimitCounts> counts = new TreeMap<>();
        windows.keySet().forEach(account -> counts.put(account, counts(account)));
        return counts;
    }

    private static final class Window {
        private final ArrayDeque<Long> acceptedAt = new ArrayDeque<>();
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();

        synchronized Faults.Admission take(int limit, long now) {
            while (!acceptedAt.isEmpty() && now - acceptedAt.peekFirst() >= SECOND) {
                acceptedAt.pollFirst();
            }
            if (acceptedAt.size() < limit) {
                acceptedAt.addLast(now);
                accepted.incrementAndGet();
                return new Faults.Admission(true, limit, limit - acceptedAt.size(), 0, resetSeconds(now));
            }
            refused.incrementAndGet();
            final long wait = resetSeconds(now);
            return new Faults.Admission(false, limit, 0, wait, wait);
        }

        /**
         * Whole seconds until the oldest accepted call leaves the window: at least 1, as Retry-After has no fraction.
         */
        private long resetSeconds(long now) {
            final long left = SECOND - (now - acceptedAt.peekFirst());
            return Math.max(1, (left + SECOND - 1) / SECOND);
        }
    }
}
