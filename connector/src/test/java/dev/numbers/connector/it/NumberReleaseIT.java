package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.simulator.ProviderSimulator;
import dev.numbers.sandbox.simulator.SimulatorConfig;
import dev.numbers.schemas.avro.AssignmentOrder;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.ReleasedResource;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder;
import dev.numbers.schemas.avro.SignalWireDeleteNumberAssignment;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.SignalWireReleasePhoneNumber;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import dev.numbers.schemas.avro.TelnyxDeletePhoneNumber;
import dev.numbers.schemas.avro.TelnyxOrderPhoneNumber;
import dev.numbers.schemas.serde.SerdeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Releases end to end (real broker, registry and simulator over HTTP): a release removes the number at the provider,
 * and a repeat, by number or by id, is SUCCEEDED with reconciled = true instead of an error.
 */
class NumberReleaseIT {

    private static final String CAMPAIGN = "6b1f3c2e-0d4a-4a7e-9c55-2f0e8d1a7b13";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static ProviderSimulator simulator;
    private static SerdeConfig serde;
    private static TestTopics topics;
    private static RunningConnector connector;
    private static ResultCollector collector;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLifecycleStep(Duration.ofMillis(50)));
        simulator.registerCampaign(CAMPAIGN);
        serde = SerdeConfig.of(SchemaRegistry.shared().url());
        topics = TestTopics.create(KafkaBroker.shared(), "release");
        connector = new RunningConnector(KafkaBroker.shared().bootstrapServers(), SchemaRegistry.shared().url(),
                topics, simulator, "release", Map.of());
        collector = ResultCollector.on(KafkaBroker.shared(), serde, topics);
    }

    @AfterAll
    static void stop() {
        collector.close();
        connector.close();
        simulator.close();
    }

    @Test
    void signalWireReleaseRemovesTheNumberAndAnotherReleaseOfItIsRejectedNotOwned() {
        final var number = "+1415555" + String.format("%04d", 1000 + SEQ.incrementAndGet());
        final var bought = (PhoneNumber) send(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number).build())
                .getResource();

        final var released = send(SignalWireReleasePhoneNumber.newBuilder().setNumber(number).build());
        assertThat(released.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(released.getOperation()).isEqualTo(OperationType.RELEASE_PHONE_NUMBER);
        assertThat(released.getReconciled()).isFalse();
        assertThat((ReleasedResource) released.getResource()).satisfies(r -> {
            assertThat(r.getId()).isEqualTo(bought.getId());
            assertThat(r.getAlreadyGone()).isFalse();
        });
        assertThat(simulator.owns(number)).isFalse();

        // Another request releasing it again finds nothing held: "released" is never said of a number not held.
        final var byNumberAgain = send(SignalWireReleasePhoneNumber.newBuilder().setNumber(number).build());
        assertThat(byNumberAgain.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(byNumberAgain.getErrors()).extracting(e -> e.getCode().toString()).containsExactly("not_owned");

        final var byIdAgain = send(SignalWireReleasePhoneNumber.newBuilder().setPhoneNumberId(bought.getId()).build());
        assertThat(byIdAgain.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(byIdAgain.getErrors()).extracting(e -> e.getCode().toString()).containsExactly("not_owned");
        System.out.printf("release: %s released once, released again by number and by id -> %s, %s%n", number,
                byNumberAgain.getStatus(), byIdAgain.getStatus());
    }

    @Test
    void deletingAnAssignmentByNumberAndCampaignIsIdempotent() {
        final var number = "+1415555" + String.format("%04d", 1000 + SEQ.incrementAndGet());
        final var order = send(SignalWireCreateAssignmentOrder.newBuilder().setCampaignId(CAMPAIGN)
                .setPhoneNumbers(List.of(number)).build());
        assertThat(((AssignmentOrder) order.getResource()).getId()).isNotNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.assignmentStates(number).contains("completed"));

        final var deletion = SignalWireDeleteNumberAssignment.newBuilder().setCampaignId(CAMPAIGN).setNumber(number)
                .build();
        final var deleted = send(deletion);
        assertThat(deleted.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(deleted.getReconciled()).isFalse();
        assertThat(((ReleasedResource) deleted.getResource()).getKind()).isEqualTo("number_assignment");
        assertThat(simulator.assignmentStates(number)).isEmpty();

        final var again = send(deletion);
        assertThat(again.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(again.getReconciled()).isTrue();

        final var byId = send(SignalWireDeleteNumberAssignment.newBuilder()
                .setAssignmentId(((ReleasedResource) deleted.getResource()).getId()).build());
        assertThat(byId.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(byId.getReconciled()).isTrue();
    }

    @Test
    void telnyxDeleteRemovesTheNumberAndAnotherDeleteByIdIsRejectedNotOwned() {
        final var number = "+1312555" + String.format("%04d", 1000 + SEQ.incrementAndGet());
        final var ordered = send(TelnyxCreateNumberOrder.newBuilder().setPhoneNumbers(List.of(
                TelnyxOrderPhoneNumber.newBuilder().setPhoneNumber(number).build())).build());
        assertThat(ordered.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(simulator.owns(number)).isTrue();

        final var deleted = send(TelnyxDeletePhoneNumber.newBuilder().setNumber(number).build());
        assertThat(deleted.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
        assertThat(deleted.getOperation()).isEqualTo(OperationType.TELNYX_DELETE_PHONE_NUMBER);
        assertThat(deleted.getReconciled()).isFalse();
        assertThat(simulator.owns(number)).isFalse();

        final var again = send(TelnyxDeletePhoneNumber.newBuilder()
                .setPhoneNumberId(((ReleasedResource) deleted.getResource()).getId()).build());
        assertThat(again.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(again.getErrors()).extracting(e -> e.getCode().toString()).containsExactly("not_owned");
    }

    @Test
    void aReleaseNamingBothNumberAndIdIsRejectedWithoutAProviderCall() {
        final int before = simulator.requestCount();
        final var result = send(SignalWireReleasePhoneNumber.newBuilder().setNumber("+14155550000")
                .setPhoneNumberId("3fa85f64-5717-4562-b3fc-2c963f66afa6").build());
        assertThat(result.getStatus()).isEqualTo(ResultStatus.REJECTED);
        assertThat(result.getErrors()).extracting(e -> e.getCode().toString()).containsExactly("ambiguous_target");
        assertThat(simulator.requestCount()).isEqualTo(before);
    }

    private static NumberResult send(final Object operation) {
        final var id = "rel-" + SEQ.incrementAndGet();
        final NumberRequest request = NumberRequestFactory.of(id, operation);
        NumberRequestFactory.publish(topics.requests(), serde, request);
        await().atMost(Duration.ofSeconds(60)).until(() -> collector.result(id) != null);
        return collector.result(id).value();
    }
}
