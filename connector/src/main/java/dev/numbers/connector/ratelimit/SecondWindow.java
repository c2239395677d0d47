package dev.numbers.connector.ratelimit;

import java.util.ArrayDeque;

/**
 * The calls this instance sent in the last second, so that no sliding second holds more than the share, whatever the
 * pacing did: a caller that wakes late (a GC pause, a starved core) may still use its permit when the window has room,
 * and only waits when the last second is already full. The pacer spreads calls evenly; this bounds the clump a stall
 * leaves behind. Times are {@link System#nanoTime}.
 */
final class SecondWindow {

    private static final long SECOND = 1_000_000_000L;

    private final ArrayDeque<Long> sentAt = new ArrayDeque<>();

    /**
     * Records a call at {@code now} and answers 0 when fewer than {@code perSecond} (at least one) were sent in the
     * second before it; otherwise records nothing and answers how many nanoseconds to wait before asking again.
     */
    synchronized long take(final double perSecond, final long now) {
        while (!sentAt.isEmpty() && now - sentAt.peekFirst() >= SECOND) {
            sentAt.pollFirst();
        }
        final int room = Math.max(1, (int) Math.floor(perSecond));
        if (sentAt.size() < room) {
            sentAt.addLast(now);
            return 0;
        }
        // The window may hold more than a lowered share allows: wait for enough of the oldest to leave it.
        final var oldest = sentAt.stream().skip(sentAt.size() - room).findFirst().orElseThrow();
        return Math.max(1, oldest + SECOND - now);
    }
}
