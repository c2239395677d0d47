package dev.numbers.connector.loop;

import dev.numbers.connector.config.TopicsConfig;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.reactivestreams.Publisher;

/**
 * {@code /health}'s {@code kafka-request-loop}: UP while the loop polls and none of its checks (transactions,
 * registry, kafka, results, ledger, positions, partitions, lanes) is down; the details name the stall and its reason.
 */
@Singleton
@Requires(property = "connector.loop.enabled", notEquals = "false")
public final class RequestLoopHealth implements HealthIndicator {

    private static final Duration POLLED_WITHIN = Duration.ofSeconds(30);

    private final ConnectorRunner runner;
    private final LoopHealth health;
    private final TopicsConfig topics;

    public RequestLoopHealth(final ConnectorRunner runner, final RequestLoopFactory factory,
                             final LoopClients clients) {
        this.runner = runner;
        this.health = factory.health();
        this.topics = clients.topics();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        final boolean polling = runner.polling(POLLED_WITHIN);
        final var details = new TreeMap<String, Object>(Map.of("requests", topics.requests(),
                "groupId", topics.groupId()));
        runner.failure().ifPresent(error -> details.put("error", error));
        if (!polling) {
            details.put("loop", "not polling");
        }
        // One entry per kind of stall (transactions, registry, kafka, results, ledger, positions, ...), each with why.
        details.putAll(health.reasons());
        final boolean up = polling && health.isUp();
        return Publishers.just(HealthResult.builder("kafka-request-loop", up ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details).build());
    }
}
