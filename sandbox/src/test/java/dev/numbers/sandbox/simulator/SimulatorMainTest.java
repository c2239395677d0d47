package dev.numbers.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulatorMainTest {

    @Test
    void optionsDocumentedInTheGuideAreAccepted() {
        final SimulatorMain main = new SimulatorMain();
        new CommandLine(main).parseArgs("--port", "0", "--campaign", "c-1", "--campaign", "c-2",
                "--telnyx-webhook-url", "http://127.0.0.1:1/t", "--lifecycle-step-ms", "20", "--no-record");
        assertThat(main.port).isZero();
        assertThat(main.campaigns).containsExactly("c-1", "c-2");
        assertThat(main.telnyxWebhookUrl).isEqualTo("http://127.0.0.1:1/t");
        assertThat(main.lifecycleStepMs).isEqualTo(20);
        assertThat(main.noRecord).isTrue();
    }

    @Test
    void extraAccountsFromTheCommandLineAreServed() {
        final SimulatorMain main = new SimulatorMain();
        new CommandLine(main).parseArgs("--signalwire-account", "east=project-east:PTeast",
                "--telnyx-account", "blue=KEYblue");
        try (ProviderSimulator sim = ProviderSimulator.start(SimulatorConfig.defaults())) {
            main.addAccounts(sim.accounts());
            assertThat(sim.accounts().signalWireProjectId("east")).isEqualTo("project-east");
            assertThat(sim.accounts().authenticate(Accounts.Kind.SIGNALWIRE, "Basic " + Base64.getEncoder()
                    .encodeToString("project-east:PTeast".getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo("east");
            assertThat(sim.accounts().authenticate(Accounts.Kind.TELNYX, "Bearer KEYblue")).isEqualTo("blue");
            assertThat(sim.accounts().toString()).doesNotContain("PTeast", "KEYblue");
        }
    }

    @Test
    void credentialsDefaultToTheFakeTestOnes() {
        final SimulatorMain main = new SimulatorMain();
        new CommandLine(main).parseArgs();
        assertThat(main.projectId).isEqualTo(SimulatorConfig.defaults().signalWireProjectId());
        assertThat(main.telnyxKey).isEqualTo(SimulatorConfig.defaults().telnyxApiKey());
    }

    @Test
    void configToStringLeavesSecretsOut() {
        final SimulatorConfig config = SimulatorConfig.defaults();
        assertThat(config.toString()).doesNotContain(config.signalWireToken(), config.telnyxApiKey(),
                config.webhookSigningKey());
    }
}
