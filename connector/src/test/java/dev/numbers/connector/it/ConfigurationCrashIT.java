package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.Endpoint;
import dev.numbers.sandbox.simulator.EndpointFault;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWireNumberConfiguration;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.serde.SerdeConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Buy-and-configure across a crash: the connector process is SIGKILLed after the purchase, while its configuration
 * call is held at the provider. The restarted process finds the number bought (never buys it again) and applies
 * the configuration, and the request ends with one SUCCEEDED result saying so.
 */
class ConfigurationCrashIT {

    private static final String NUMBER = "+14155562001";

    @Test
    void aConnectorKilledBetweenPurchaseAndConfigurationEndsWithOnePurchaseAndTheConfigurationApplied() {
        final var broker = KafkaBroker.shared();
        final var serde = SerdeConfig.of(SchemaRegistry.shared().url());
        final var topics = TestTopics.create(broker, "configure-crash");
        try (var simulator = ProviderSimulator.start(SimulatorConfig.defaults());
             var collector = ResultCollector.on(broker, serde, topics);
             var connector = ConnectorProcess.forTest("ConfigurationCrashIT", broker.bootstrapServers(), topics,
                     simulator, "configure-crash-1", Map.of("connector.claims.provider-margin", "5s"))) {
            // The configuration call is held long enough for the kill to land between purchase and configuration.
            simulator.faults().set(Endpoint.SIGNALWIRE_UPDATE_NUMBER, EndpointFault.latency(120_000));
            NumberRequestFactory.publish(topics.requests(), serde, NumberRequestFactory.of("crash-configure-1",
                    SignalWirePurchasePhoneNumber.newBuilder().setNumber(NUMBER)
                            .setConfiguration(SignalWireNumberConfiguration.newBuilder().setCallHandler("relay_topic")
                                    .setCallRelayTopic("office").build()).build()));
            connector.start();
            connector.awaitUp(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(60)).until(() -> simulator.requests().stream()
                    .anyMatch(r -> r.method().equals("PUT")));
            assertThat(simulator.purchaseCount(NUMBER)).isEqualTo(1);
            assertThat(collector.result("crash-configure-1")).isNull();
            connector.kill();

            simulator.faults().set(Endpoint.SIGNALWIRE_UPDATE_NUMBER, EndpointFault.NONE);
            connector.start();
            // The killed incarnation's claim stands until its calls can no longer be performed (lease, clock margin,
            // request time-out, provider margin: about 80 s after the claim); then the restart looks the purchase up.
            await().atMost(Duration.ofSeconds(180)).until(() -> collector.result("crash-configure-1") != null);

            final var result = collector.result("crash-configure-1").value();
            assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(((PhoneNumber) result.getResource()).getNumber()).isEqualTo(NUMBER);
            assertThat(result.getReconciled()).isTrue();
            assertThat(result.getConfiguration().getState()).isEqualTo("applied");
            assertThat(simulator.purchaseCount(NUMBER)).isEqualTo(1);
            assertThat(simulator.settings(NUMBER)).containsEntry("call_handler", "relay_topic")
                    .containsEntry("call_relay_topic", "office");
            connector.stop();
        }
    }
}
