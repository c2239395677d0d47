package dev.numbers.connector.provider;

import dev.numbers.schemas.avro.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

/**
 * Which provider accounts are paused. A 401 means the account is misconfigured: every further call would fail
 * the same way, so the provider is paused (health DOWN) and its requests wait for an operator instead of being
 * turned into FAILED results. {@code connector_provider_paused{provider}} is 1 while a provider is paused.
 */
@Singleton
public final class ProviderHealth implements HealthIndicator {

    private final Map<Provider, String> paused = new ConcurrentHashMap<>();

    public ProviderHealth(final MeterRegistry meters) {
        for (final var provider : Provider.values()) {
            meters.gauge("connector.provider.paused", java.util.List.of(Tag.of("provider", provider.name())), paused,
                    p -> p.containsKey(provider) ? 1 : 0);
        }
    }

    public void pause(final Provider provider, final String reason) {
        paused.putIfAbsent(provider, reason);
    }

    public boolean isPaused(final Provider provider) {
        return paused.containsKey(provider);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        final var details = new EnumMap<Provider, String>(Provider.class);
        for (final var provider : Provider.values()) {
            details.put(provider, paused.getOrDefault(provider, "UP"));
        }
        return Publishers.just(HealthResult.builder("providers", paused.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details).build());
    }
}
