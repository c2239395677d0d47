package dev.numbers.connector.observe;

import dev.numbers.schemas.serde.RegistryErrors;
import dev.numbers.schemas.serde.SchemaRegistryException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;

/**
 * Counts the connector's schema-registry failures (requests, results, intents) as
 * {@code connector_registry_errors_total{kind}}, every kind from 0 so an alert on the increase sees the first one.
 */
public final class RegistryErrorMeter {

    private RegistryErrorMeter() {
    }

    public static Consumer<SchemaRegistryException> of(final MeterRegistry meters) {
        return RegistryErrors.counting(kind -> meters.counter("connector.registry.errors", "kind", kind)::increment);
    }
}
