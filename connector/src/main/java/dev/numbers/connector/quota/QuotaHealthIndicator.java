package dev.numbers.connector.quota;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * {@code quotas} on /health: DOWN while reservations keep aborting (see {@link QuotaStall}); UP when quotas are off.
 */
@Singleton
public final class QuotaHealthIndicator implements HealthIndicator {

    private final Quotas quotas;

    public QuotaHealthIndicator(final Quotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        final var stall = quotas.stall();
        return Publishers.just(HealthResult.builder("quotas", stall.isPresent() ? HealthStatus.DOWN : HealthStatus.UP)
                .details(stall.<Map<String, Object>>map(reason -> Map.of("reservations", reason))
                        .orElseGet(() -> Map.of("enabled", quotas.enabled())))
                .build());
    }
}
