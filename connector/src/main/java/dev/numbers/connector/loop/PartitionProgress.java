package dev.numbers.connector.loop;

import java.util.TreeSet;

/**
 * Which offsets of one partition are handed out but not finished. The committable offset is the lowest unfinished
 * one (or one past the highest seen), so a crash never skips a record that was still running.
 */
final class PartitionProgress {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long nextAfterSeen = -1;
    private long committed = -1;

    void started(final long offset) {
        unfinished.add(offset);
        nextAfterSeen = Math.max(nextAfterSeen, offset + 1);
    }

    /** Forget an offset that was handed back (it will be polled again after a seek). */
    void handedBack(final long offset) {
        unfinished.remove(offset);
        nextAfterSeen = unfinished.isEmpty() ? Math.min(nextAfterSeen, offset) : nextAfterSeen;
    }

    void finished(final long offset) {
        unfinished.remove(offset);
    }

    int unfinishedCount() {
        return unfinished.size();
    }

    /** The offset to commit now, or -1 when it would not move the committed position forward. */
    long committable() {
        final long candidate = unfinished.isEmpty() ? nextAfterSeen : unfinished.first();
        return candidate > committed ? candidate : -1;
    }

    void committed(final long offset) {
        committed = Math.max(committed, offset);
    }
}
