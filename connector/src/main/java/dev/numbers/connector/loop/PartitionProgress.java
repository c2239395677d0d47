package dev.numbers.connector.loop;

import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Which offsets of one partition are handed out but not finished. The committable offset is the lowest unfinished
 * one (or one past the highest seen), so a crash never skips a record that was still running. Changed by the poll
 * thread (started) and the publisher thread (finished, committed), hence synchronized; the age of the oldest unfinished
 * record is also read by the metrics scrape, hence the concurrent map.
 */
final class PartitionProgress {

    /** Unfinished offset -> {@link System#nanoTime()} when it was handed out. */
    private final ConcurrentSkipListMap<Long, Long> unfinished = new ConcurrentSkipListMap<>();
    private long nextAfterSeen = -1;
    private long committed = -1;

    synchronized void started(final long offset) {
        unfinished.put(offset, System.nanoTime());
        nextAfterSeen = Math.max(nextAfterSeen, offset + 1);
    }

    /** Forget an offset that was handed back (it will be polled again after a seek). */
    synchronized void handedBack(final long offset) {
        unfinished.remove(offset);
        nextAfterSeen = unfinished.isEmpty() ? Math.min(nextAfterSeen, offset) : nextAfterSeen;
    }

    synchronized void finished(final long offset) {
        unfinished.remove(offset);
    }

    synchronized int unfinishedCount() {
        return unfinished.size();
    }

    /** The offset to commit now, or -1 when it would not move the committed position forward. */
    synchronized long committable() {
        final var first = unfinished.firstEntry();
        final long candidate = first == null ? nextAfterSeen : first.getKey();
        return candidate > committed ? candidate : -1;
    }

    /** Seconds since the oldest unfinished record was handed out; 0 when none is unfinished. */
    double oldestUnfinishedAgeSeconds(final long nowNanos) {
        final var first = unfinished.firstEntry();
        return first == null ? 0 : (nowNanos - first.getValue()) / 1e9;
    }

    synchronized void committed(final long offset) {
        committed = Math.max(committed, offset);
    }
}
