package dev.numbers.connector.lane;

import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;

/**
 * A lane's transactional producer: built and initialised when first needed, replaced after an error that ends it.
 * Lane thread only.
 */
public final class LaneProducer {

    private final Supplier<Producer<byte[], byte[]>> producers;
    private Producer<byte[], byte[]> producer;

    /** {@code producers} builds a transactional producer (a new one after a fatal error); the lane initialises it. */
    public LaneProducer(final Supplier<Producer<byte[], byte[]>> producers) {
        this.producers = producers;
    }

    /**
     * The producer, built and initialised if there is none. Throws what building or initialising threw, and then
     * has none again (a producer that could not initialise its transactions is not used).
     */
    public Producer<byte[], byte[]> get() {
        if (producer == null) {
            try {
                producer = producers.get();
                producer.initTransactions();
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
            producer.abortTransaction();
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
