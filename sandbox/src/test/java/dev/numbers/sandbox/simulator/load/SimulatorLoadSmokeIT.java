package dev.numbers.sandbox.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Keeps the benchmark client honest between benchmark runs: one short run, every answer a 200. */
class SimulatorLoadSmokeIT {

    @Test
    void mixedLoadGetsOnly200sOverKeepAliveConnections() throws Exception {
        try (ProviderSimulator sim = ProviderSimulator.start(SimulatorConfig.defaults())) {
            final SimulatorLoad.Result result = SimulatorLoad.run(sim, "mixed", 4, Duration.ofMillis(500));
            assertThat(result.requests()).isPositive();
            assertThat(result.errors()).isZero();
            // the simulator saw exactly the requests the client counted: nothing lost, nothing resent
            assertThat(sim.requestCount()).isEqualTo((int) result.requests());
        }
    }
}
