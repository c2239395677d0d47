package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.NumberConfigured;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SearchPurchase;
import dev.numbers.schemas.avro.SignalWireConfigurePhoneNumber;
import dev.numbers.schemas.avro.SignalWireNumberConfiguration;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.TelnyxConfigurePhoneNumber;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import dev.numbers.schemas.avro.TelnyxNumberConfiguration;
import dev.numbers.schemas.avro.TelnyxNumberOrder;
import dev.numbers.schemas.avro.TelnyxOrderPhoneNumber;
import dev.numbers.schemas.avro.TelnyxSearchAndOrder;
import dev.numbers.schemas.serde.SerdeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Numbers ready to use, end to end (real broker, registry and simulator over HTTP): buy-and-configure in one
 * request for both providers, configure requests with desired-state semantics, not_owned without a write, and a
 * configuration the provider refuses shown beside the purchase that stands.
 */
class NumberConfigurationIT {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static ProviderSimulator simulator;
    private static SerdeConfig serde;
    private static TestTopics topics;
    private static RunningConnector connector;
    private static ResultCollector collector;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(50)));
        serde = SerdeConfig.of(SchemaRegistry.shared().url());
        topics = TestTopics.create(KafkaBroker.shared(), "configure");
        connector = new RunningConnector(KafkaBroker.shared().bootstrapServers(), SchemaRegistry.shared().url(),
                topics, simulator, "configure", Map.of("connector.search.telnyx-order-poll", "50ms"));
        collector = ResultCollector.on(KafkaBroker.shared(), serde, topics);
    }

    @AfterAll
    static void stop() {
        collector.close();
        connector.close();
        simulator.close();
    }

    @Test
    void signalWireBuyAndConfigureIsOneRequest() {
        final var number = number("+1415556");
        final var result = send(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number)
                .setConfiguration(SignalWireNumberConfiguration.newBuilder().setName("Support line")
                        .setCallHandler("laml_webhooks").setCallRequestUrl("https://voice.example/inbound")
                        .setMessageHandler("relay_application").setMessageRelayApplication("support-sms").build())
                .build());

        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(((PhoneNumber) result.getResource()).getNumber()).isEqualTo(number);
        assertThat(result.getConfiguration().getState()).isEqualTo("applied");
        assertThat(result.getConfiguration().getChangedFields()).containsExactly("name", "call_handler",
                "call_request_url", "message_handler", "message_relay_application");
        assertThat(result.getErrors()).isEmpty();
        assertThat(simulator.purchaseCount(number)).isEqualTo(1);
        assertThat(simulator.settings(number)).containsEntry("call_handler", "laml_webhooks")
                .containsEntry("call_request_url", "https://voice.example/inbound")
                .containsEntry("message_relay_application", "support-sms");
    }

    @Test
    void telnyxOrderAndConfigureIsOneRequest() {
        final var number = number("+1312556");
        final var result = send(TelnyxCreateNumberOrder.newBuilder().setPhoneNumbers(List.of(
                        TelnyxOrderPhoneNumber.newBuilder().setPhoneNumber(number).build()))
                .setConfiguration(TelnyxNumberConfiguration.newBuilder().setMessagingProfileId("mp-marketing")
                        .setTags(List.of("marketing", "spring")).setCnamListingEnabled(true)
                        .setCnamListingDetails("ACME SUPPORT").build())
                .build());

        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(((TelnyxNumberOrder) result.getResource()).getStatus()).isEqualTo("success");
        assertThat(result.getConfiguration().getState()).isEqualTo("applied");
        assertThat(result.getConfiguration().getNumber()).isEqualTo(number);
        assertThat(simulator.settings(number)).containsEntry("messaging_profile_id", "mp-marketing")
                .containsEntry("tags", List.of("marketing", "spring"))
                .containsEntry("cnam_listing_details", "ACME SUPPORT");
        assertThat(simulator.configurationWrites(number)).isEqualTo(3);
    }

    @Test
    void theSameConfigureRequestTwiceMakesOneChange() {
        final var number = number("+1415557");
        send(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number).build());
        final var configure = SignalWireConfigurePhoneNumber.newBuilder().setNumber(number)
                .setConfiguration(SignalWireNumberConfiguration.newBuilder().setCallHandler("relay_topic")
                        .setCallRelayTopic("office").build()).build();

        final var first = send(configure);
        final var second = send(configure);

        assertThat(first.getOperation()).isEqualTo(OperationType.CONFIGURE_PHONE_NUMBER);
        assertThat(first.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(((NumberConfigured) first.getResource()).getState()).isEqualTo("applied");
        assertThat(second.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(((NumberConfigured) second.getResource()).getState()).isEqualTo("unchanged");
        assertThat(((NumberConfigured) second.getResource()).getChangedFields()).isEmpty();
        assertThat(simulator.configurationWrites(number)).isEqualTo(1);
        assertThat(simulator.settings(number)).containsEntry("call_relay_topic", "office");
    }

    @Test
    void aNumberTheAccountDoesNotOwnIsRejectedWithoutAWrite() {
        final var number = number("+1312557");
        final long patchesBefore = patches();
        final var result = send(TelnyxConfigurePhoneNumber.newBuilder().setNumber(number)
                .setConfiguration(TelnyxNumberConfiguration.newBuilder().setConnectionId("conn-1").build()).build());

        assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(result.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getCode()).isEqualTo("not_owned");
            assertThat(e.getField()).isEqualTo("operation.number");
        });
        assertThat(simulator.configurationWrites(number)).isZero();
        assertThat(patches()).isEqualTo(patchesBefore);
    }

    @Test
    void aRefusedConfigurationLeavesThePurchaseVisibleInTheResult() {
        final var number = number("+1312558");
        // Telnyx refuses emergency service without an emergency address (422).
        final var result = send(TelnyxCreateNumberOrder.newBuilder().setPhoneNumbers(List.of(
                        TelnyxOrderPhoneNumber.newBuilder().setPhoneNumber(number).build()))
                .setConfiguration(TelnyxNumberConfiguration.newBuilder().setEmergencyEnabled(true).build())
                .build());

        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(((TelnyxNumberOrder) result.getResource()).getPhoneNumbers()).singleElement()
                .satisfies(n -> assertThat(n.getPhoneNumber()).isEqualTo(number));
        assertThat(result.getConfiguration().getState()).isEqualTo("refused");
        assertThat(result.getErrors()).isNotEmpty().allSatisfy(e ->
                assertThat(e.getField()).startsWith("configuration"));
        assertThat(simulator.owns(number)).isTrue();
        assertThat(simulator.settings(number)).doesNotContainKey("emergency_enabled");
    }

    @Test
    void aReservedTelnyxSearchAndOrderUnderACompetingBuyerEndsWithOneNumberConfigured() {
        // Another buyer takes the first candidate between our search and our order.
        simulator.inventory("720", 6).sellAfterNextSearch(1);
        final var result = send(TelnyxSearchAndOrder.newBuilder().setNationalDestinationCode("720")
                .setConfiguration(TelnyxNumberConfiguration.newBuilder().setConnectionId("conn-720").build())
                .build());

        assertThat(result.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        final var bought = (SearchPurchase) result.getResource();
        assertThat(bought.getCandidatesTried()).containsExactly("+17202000000", "+17202000001");
        assertThat(bought.getNumber()).isEqualTo("+17202000001");
        assertThat(simulator.purchaseCount("+17202000000")).isZero();
        assertThat(simulator.purchaseCount("+17202000001")).isEqualTo(1);
        // One hold per candidate tried, and none for a candidate never tried.
        assertThat(simulator.requests().stream().filter(r -> r.method().equals("POST")
                && r.path().endsWith("/number_reservations")).count()).isEqualTo(2);
        assertThat(simulator.reserved("+17202000001")).isTrue();
        assertThat(simulator.reserved("+17202000002")).isFalse();
        assertThat(result.getConfiguration().getState()).isEqualTo("applied");
        assertThat(simulator.settings("+17202000001")).containsEntry("connection_id", "conn-720");
    }

    private static long patches() {
        return simulator.requests().stream().filter(r -> r.method().equals("PATCH")).count();
    }

    private static String number(final String prefix) {
        return prefix + String.format("%04d", 1000 + SEQ.incrementAndGet());
    }

    private static NumberResult send(final Object operation) {
        final var id = "cfg-" + SEQ.incrementAndGet();
        final NumberRequest request = NumberRequestFactory.of(id, operation);
        NumberRequestFactory.publish(topics.requests(), serde, request);
        await().atMost(Duration.ofSeconds(60)).until(() -> collector.result(id) != null);
        return collector.result(id).value();
    }
}
