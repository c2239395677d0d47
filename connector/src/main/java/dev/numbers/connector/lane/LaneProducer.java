package dev.numbers.connector.lane;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A lane's transactional writer ({@link Transactions}; a Kafka producer in production): built and initialised when
 * first needed, replaced after an error that ends it. Lane thread only.
 */
public final class LaneProducer {

    private final Supplier<Transactions> producers;
    private Transactions producer;

    /** {@code producers} builds a transactional writer (a new one after a fatal error); the lane initialises it. */
    public LaneProducer(final Supplier<Transactions> producers) {
        this.producers = producers;
    }

    /**
     * The producer, built and initialised if there is none. Throws what building or initialising threw, and then
     * has none again (a producer that could not initialise its transactions is not used).
     */
    public Transactions get() {
        if (producer == null) {
            try {
                producer = producers.get();
                producer.init();
            } catch (RuntimeException e) {
                drop();
                throw e;
            }
        }
        return producer;
    }

    /**
     * After a failed send or commit: abort; a producer that cannot (fenced, timed out by the broker, in an error
     * state) is replaced, and a new one with the same transactional.id fences whatever it left open.
     */
    public void abortOrDrop() {
        if (producer == null) {
            return;
        }
        try {
            producer.abort();
        } catch (RuntimeException e) {
            drop();
        }
    }

    /** Closes the producer without waiting; the next {@link #get} builds a new one. */
    public void drop() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // it is being replaced anyway
            }
            producer = null;
        }
    }

    /** Closes the producer, waiting up to {@code wait} for what it still sends. */
    public void close(final Duration wait) {
        if (producer != null) {
            producer.close(wait);
            producer = null;
        }
    }
}
