package dev.numbers.connector.observe;

import dev.numbers.schemas.serde.RegistryErrors;
import dev.numbers.schemas.serde.SchemaRegistryException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;

/**
 * Counts schema-registry failures of the connector's serializers and deserializers
 * ({@code connector_registry_errors_total{kind}}). Every kind exists from start-up at 0, so an alert on its increase
 * fires on the first failure too.
 */
public final class RegistryErrorMeter implements Consumer<SchemaRegistryException> {

    static final String NAME = "connector.registry.errors";
    private final MeterRegistry meters;

    public RegistryErrorMeter(final MeterRegistry meters) {
        this.meters = meters;
        RegistryErrors.KINDS.forEach(kind -> meters.counter(NAME, "kind", kind));
    }

    @Override
    public void accept(final SchemaRegistryException e) {
        meters.counter(NAME, "kind", RegistryErrors.kind(e)).increment();
    }
}
