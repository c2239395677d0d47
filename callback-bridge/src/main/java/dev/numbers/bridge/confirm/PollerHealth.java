package dev.numbers.bridge.confirm;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/** {@code confirm-poller} in {@code /health}: DOWN once the polling thread has stopped (the log says why). */
@Singleton
@Requires(property = "bridge.confirm.enabled", value = "true")
public final class PollerHealth implements HealthIndicator {

    private final Poller poller;

    public PollerHealth(final Poller poller) {
        this.poller = poller;
    }

    HealthResult health() {
        return HealthResult.builder("confirm-poller", poller.running() ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("pending_orders", poller.pendingOrders()))
                .build();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(health());
    }
}
