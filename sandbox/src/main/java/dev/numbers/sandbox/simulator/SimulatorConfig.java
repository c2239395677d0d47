package dev.numbers.sandbox.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything a simulator needs to start. Credentials are obviously fake test values; the simulator compares them and
 * never logs them.
 *
 * @param port                    listen port on 127.0.0.1, 0 for an ephemeral one
 * @param signalWireProjectId     Basic auth user SignalWire clients must send
 * @param signalWireToken         Basic auth password
 * @param telnyxApiKey            Bearer token Telnyx clients must send
 * @param webhookSigningKey       SignalWire signing key used for {@code X-SignalWire-Signature}
 * @param telnyxWebhookUrl        where {@code number_order.complete} events go; null sends none
 * @param lifecycleStep           delay between life-cycle transitions of orders and assignments
 * @param webhookAttempts         delivery attempts per webhook when the receiver answers non-2xx or is unreachable
 * @param recordRequests          keep every request for {@link ProviderSimulator#requests()} (off for long load runs)
 */
public record SimulatorConfig(
        int port,
        String signalWireProjectId,
        String signalWireToken,
        String telnyxApiKey,
        String webhookSigningKey,
        String telnyxWebhookUrl,
        Duration lifecycleStep,
        int webhookAttempts,
        boolean recordRequests) {

    public SimulatorConfig {
        Objects.requireNonNull(signalWireProjectId, "signalWireProjectId");
        Objects.requireNonNull(signalWireToken, "signalWireToken");
        Objects.requireNonNull(telnyxApiKey, "telnyxApiKey");
        Objects.requireNonNull(webhookSigningKey, "webhookSigningKey");
        Objects.requireNonNull(lifecycleStep, "lifecycleStep");
        if (webhookAttempts < 1) {
            throw new IllegalArgumentException("webhookAttempts must be at least 1");
        }
    }

    /** Fake test credentials, an ephemeral port and 100 ms life-cycle steps. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(0,
                "00000000-fake-0000-0000-simulatorprj",
                "PTfake-simulator-token",
                "KEYfake-simulator-telnyx-key",
                "fake-simulator-signing-key",
                null,
                Duration.ofMillis(100),
                3,
                true);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(newPort, signalWireProjectId, signalWireToken, telnyxApiKey, webhookSigningKey,
                telnyxWebhookUrl, lifecycleStep, webhookAttempts, recordRequests);
    }

    public SimulatorConfig withLifecycleStep(Duration step) {
        return new SimulatorConfig(port, signalWireProjectId, signalWireToken, telnyxApiKey, webhookSigningKey,
                telnyxWebhookUrl, step, webhookAttempts, recordRequests);
    }

    public SimulatorConfig withTelnyxWebhookUrl(String url) {
        return new SimulatorConfig(port, signalWireProjectId, signalWireToken, telnyxApiKey, webhookSigningKey,
                url, lifecycleStep, webhookAttempts, recordRequests);
    }

    public SimulatorConfig withRecordRequests(boolean record) {
        return new SimulatorConfig(port, signalWireProjectId, signalWireToken, telnyxApiKey, webhookSigningKey,
                telnyxWebhookUrl, lifecycleStep, webhookAttempts, record);
    }

    @Override
    public String toString() {
        // Secrets stay out of logs and exception messages.
        return "SimulatorConfig[port=" + port + ", lifecycleStep=" + lifecycleStep + ", webhookAttempts="
                + webhookAttempts + ", telnyxWebhookUrl=" + telnyxWebhookUrl + "]";
    }
}
