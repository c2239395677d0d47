package dev.numbers.connector.config;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats an admin step that prepares a topic while it fails with a retriable error. Right after a topic is created,
 * by this instance or by another one starting at the same moment, the broker can still answer
 * UnknownTopicOrPartition for it; two instances started together then failed start-up (QuotaIT did once in CI: one
 * created the quotas topic, the other was refused describing it and stopped).
 */
public final class MetadataSettling {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataSettling.class);
    private static final Duration PAUSE = Duration.ofMillis(200);

    /** One try of the step. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws InterruptedException, ExecutionException, TimeoutException;
    }

    private MetadataSettling() {
    }

    /** Runs {@code step} until it succeeds, fails for a reason that is not retriable, or {@code within} passed. */
    public static <T> T retrying(final String what, final Duration within, final Step<T> step)
            throws InterruptedException, ExecutionException, TimeoutException {
        final long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return step.run();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LOG.info("{}: {} while its metadata settles; trying again", what,
                        e.getCause().getClass().getSimpleName());
                Thread.sleep(PAUSE);
            }
        }
    }
}
