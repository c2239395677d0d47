package dev.numbers.connector.loop;

import dev.numbers.connector.concurrency.ConcurrencyConfig;
import dev.numbers.connector.concurrency.RequestSlots;
import dev.numbers.connector.config.ConnectorConfig;
import dev.numbers.connector.config.TopicsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Owns the request loop's thread for the app's life: starts it at start-up, stops it (with grace) at shutdown. */
@Singleton
@Requires(property = "connector.loop.enabled", notEquals = "false")
public final class ConnectorRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRunner.class);

    private final RequestLoopFactory factory;
    private final TopicsConfig topics;
    private final ConnectorConfig config;
    private final ConcurrencyConfig concurrency;
    private final MeterRegistry meters;
    private volatile RequestLoop loop;
    private volatile boolean stopRequested;
    private volatile String failure;
    private Thread thread;

    public ConnectorRunner(final RequestLoopFactory factory, final LoopClients clients,
                           final ConcurrencyConfig concurrency, final MeterRegistry meters) {
        this.factory = factory;
        this.topics = clients.topics();
        this.config = clients.config();
        this.concurrency = concurrency;
        this.meters = meters;
    }

    @EventListener
    void onStartup(final StartupEvent event) {
        start();
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        // Clients are built on the loop thread: initTransactions() blocks until the broker answers, and start-up
        // (health, metrics endpoints) must not wait for Kafka.
        final var slots = RequestSlots.adaptive(config.maxInFlight(), concurrency, meters);
        thread = Thread.ofPlatform().name("request-loop").unstarted(() -> run(slots));
        thread.start();
        LOG.info("connector started: {} -> {} (dlq {}, intents {}), group {}, instance {}, in-flight limit {}"
                        + " adapting up to {} ({})", topics.requests(), topics.results(), topics.dlq(),
                topics.intents(), topics.groupId(), config.instanceId(), slots.limit(), slots.ceiling().value(),
                slots.ceiling().reason());
    }

    private void run(final RequestSlots slots) {
        final RequestLoopFactory.Built built;
        try {
            built = factory.build(slots);
        } catch (RuntimeException e) {
            // Shown on /health and in one log line; the loop does not start, so nothing is consumed.
            LOG.error("connector cannot start: {}", e.getMessage());
            failure = e.getMessage();
            return;
        }
        loop = built.loop();
        try {
            if (!stopRequested) {
                built.loop().run();
            } else {
                built.loop().closeUnrun();
            }
        } finally {
            final var resources = new ArrayList<>(built.resources());
            Collections.reverse(resources);
            for (final var resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }

    /**
     * Stops on the shutdown event, before any bean is destroyed: running requests still need the HTTP clients, and
     * a call cut off mid-flight is an ambiguous purchase.
     */
    @EventListener
    void onShutdown(final ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    public synchronized void stop() {
        stopRequested = true;
        if (thread == null || !thread.isAlive()) {
            return;
        }
        final var running = loop;
        if (running != null) {
            running.stop();
        } else {
            thread.interrupt();
        }
        try {
            thread.join(config.drainGrace().plusSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("connector stopped");
    }

    /** True while the loop thread runs and polled within {@code recently}. */
    boolean polling(final Duration recently) {
        final var running = loop;
        return thread != null && thread.isAlive() && running != null
                && Duration.between(running.lastPoll(), Instant.now()).compareTo(recently) < 0;
    }

    /** Why the loop could not start, if it could not. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }
}
