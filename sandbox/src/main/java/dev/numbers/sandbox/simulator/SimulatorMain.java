package dev.numbers.sandbox.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the provider simulator on its own until interrupted. */
@Command(name = "provider-simulator", mixinStandardHelpOptions = true,
        description = "SignalWire and Telnyx simulator on 127.0.0.1 (faults via POST /_sim/faults, state via GET /_sim"
                + "/inspect).")
public final class SimulatorMain implements Callable<Integer> {

    private final SimulatorConfig defaults = SimulatorConfig.defaults();

    @Option(names = "--port", description = "Listen port (0 = ephemeral). Default: ${DEFAULT-VALUE}.")
    int port = 8089;

    @Option(names = "--signalwire-project",
            description = "SignalWire project id (Basic auth user); default is the fake test one.")
    String projectId = defaults.signalWireProjectId();

    @Option(names = "--signalwire-token",
            description = "SignalWire API token (Basic auth password); default is the fake test one.")
    String token = defaults.signalWireToken();

    @Option(names = "--telnyx-key", description = "Telnyx API key (Bearer); default is the fake test one.")
    String telnyxKey = defaults.telnyxApiKey();

    @Option(names = "--signing-key", description = "SignalWire webhook signing key; default is the fake test one.")
    String signingKey = defaults.webhookSigningKey();

    @Option(names = "--telnyx-webhook-url", description = "Where number_order.complete events are POSTed.")
    String telnyxWebhookUrl;

    @Option(names = "--lifecycle-step-ms",
            description = "Delay between order state transitions. Default: ${DEFAULT-VALUE}.")
    long lifecycleStepMs = 100;

    @Option(names = "--campaign", description = "Register a 10DLC campaign id (repeatable).")
    List<String> campaigns = new ArrayList<>();

    @Option(names = "--signalwire-account", paramLabel = "NAME=PROJECT:TOKEN",
            description = "Another SignalWire project the simulator serves (repeatable).")
    Map<String, String> signalWireAccounts = new LinkedHashMap<>();

    @Option(names = "--telnyx-account", paramLabel = "NAME=KEY",
            description = "Another Telnyx account (API key) the simulator serves (repeatable).")
    Map<String, String> telnyxAccounts = new LinkedHashMap<>();

    @Option(names = "--no-record", negatable = false, description = "Do not keep every request (long load runs).")
    boolean noRecord;

    @Override
    public Integer call() throws InterruptedException {
        final SimulatorConfig config = new SimulatorConfig(port, projectId, token, telnyxKey, signingKey,
                telnyxWebhookUrl, Duration.ofMillis(lifecycleStepMs), defaults.webhookAttempts(), !noRecord);
        final ProviderSimulator sim = ProviderSimulator.start(config);
        campaigns.forEach(sim::registerCampaign);
        addAccounts(sim.accounts());
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        System.out.println("SignalWire: " + sim.signalWireBaseUrl());
        System.out.println("Telnyx:     " + sim.telnyxBaseUrl());
        System.out.println("Inspect:    " + sim.baseUrl() + "/_sim/inspect   Faults: POST " + sim.baseUrl()
                + "/_sim/faults");
        System.out.println("Telnyx Ed25519 public key (base64 X.509): " + sim.telnyxPublicKeyBase64());
        stopped.await();
        return 0;
    }

    void addAccounts(Accounts accounts) {
        signalWireAccounts.forEach((name, credentials) -> {
            final int colon = credentials.indexOf(':');
            if (colon < 1 || colon == credentials.length() - 1) {
                throw new IllegalArgumentException("--signalwire-account " + name + ": expected NAME=PROJECT:TOKEN");
            }
            accounts.signalWire(name, credentials.substring(0, colon), credentials.substring(colon + 1));
        });
        telnyxAccounts.forEach(accounts::telnyx);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }
}
