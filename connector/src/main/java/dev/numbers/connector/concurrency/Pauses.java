package dev.numbers.connector.concurrency;

import java.time.Duration;

/** The one real wait behind the injectable pauses (a test passes its own clock instead of sleeping). */
public final class Pauses {

    private Pauses() {
    }

    /** Sleeps {@code wait}; false when interrupted (the flag is kept, so the caller's stop check sees it). */
    public static boolean sleep(final Duration wait) {
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
