package dev.numbers.bridge.orderstate;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

/**
 * {@code order-state-streams} in {@code /health}: UP while the topology is RUNNING or REBALANCING, DOWN otherwise
 * (shut down after too many thread failures, closed, or in error), with the state and the last thread failure.
 *
 * <p>A liveness indicator ({@code /health/liveness}): a client that shut down does not come back without a restart,
 * while the webhook intake does not need it, so the replica stays ready for webhooks until the orchestrator restarts
 * it.
 *
 * <p>REBALANCING counts as UP: it is Streams making progress (start-up, a replica joining), and a readiness probe
 * failing on every rebalance would take all replicas out of service at once when the group changes.
 */
@Singleton
@Liveness
@Requires(beans = OrderStateStreams.class)
public final class OrderStateHealth implements HealthIndicator {

    static final String NAME = "order-state-streams";

    private final OrderStateStreams orderStates;

    public OrderStateHealth(final OrderStateStreams orderStates) {
        this.orderStates = orderStates;
    }

    HealthResult health() {
        final var state = orderStates.streams().state();
        final var up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        final var details = new LinkedHashMap<String, Object>();
        details.put("state", state.name());
        details.put("thread_failures_in_window", orderStates.replacements().inWindow());
        final var failure = orderStates.replacements().last();
        if (failure != null) {
            details.put("last_failure", failure.exception() + ": " + failure.message());
            details.put("last_failure_at", failure.at().toString());
        }
        if (!up) {
            details.put("reason", failure != null && state == KafkaStreams.State.ERROR
                    ? "stream threads kept failing; the client shut down: " + failure.exception()
                    : "the topology is " + state);
        }
        return HealthResult.builder(NAME, up ? HealthStatus.UP : HealthStatus.DOWN).details(details).build();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(health());
    }
}
