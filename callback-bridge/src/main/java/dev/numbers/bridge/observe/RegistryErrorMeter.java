package dev.numbers.bridge.observe;

import dev.numbers.schemas.serde.RegistryErrors;
import dev.numbers.schemas.serde.SchemaRegistryException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;

/** Counts the bridge's schema-registry failures as {@code bridge_registry_errors_total{kind}}, every kind from 0. */
public final class RegistryErrorMeter {

    private RegistryErrorMeter() {
    }

    public static Consumer<SchemaRegistryException> of(final MeterRegistry meters) {
        return RegistryErrors.counting(kind -> meters.counter("bridge.registry.errors", "kind", kind)::increment);
    }
}
