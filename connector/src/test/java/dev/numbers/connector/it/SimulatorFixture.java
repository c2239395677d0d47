package dev.numbers.connector.it;

import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.serde.SerdeConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A provider simulator of a test class's own (started before its tests, closed after) and the serde settings of the
 * shared registry: {@code @RegisterExtension static final SimulatorFixture FIXTURE = new SimulatorFixture();}.
 */
final class SimulatorFixture implements BeforeAllCallback, AfterAllCallback {

    private ProviderSimulator simulator;
    private SerdeConfig serde;

    @Override
    public void beforeAll(final ExtensionContext context) {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        serde = SerdeConfig.of(SchemaRegistry.shared().url());
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        simulator.close();
    }

    ProviderSimulator simulator() {
        return simulator;
    }

    SerdeConfig serde() {
        return serde;
    }
}
