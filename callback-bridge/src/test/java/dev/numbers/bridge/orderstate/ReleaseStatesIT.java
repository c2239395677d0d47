package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.bridge.OrderStateReader;
import dev.numbers.bridge.TestBridge;
import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ReleasedResource;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.StateSource;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import dev.numbers.schemas.serde.SerdeConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Released numbers and deleted assignments are order states of their own, from the connector's results (real
 * broker, registry and bridge): a release reads as phone_number/released under the number, a deletion as
 * number_assignment/deleted; a REJECTED release is not a state.
 */
class ReleaseStatesIT {

    @Test
    void releasesAndDeletedAssignmentsBecomeStatesKeyedByTheNumber() throws Exception {
        final var suffix = UUID.randomUUID().toString().substring(0, 8);
        final var topics = TestBridge.Topics.unique(suffix, 1);
        try (var bridge = TestBridge.start(topics, "release-states-" + suffix,
                Map.of("bridge.webhooks.signalwire-signing-key", "release-states-key"))) {
            final var number = "+1415555" + (1000 + Math.abs(suffix.hashCode() % 9000));
            publish(topics.results(), result("rel-refused", ResultStatus.REJECTED, OperationType.RELEASE_PHONE_NUMBER,
                    null));
            publish(topics.results(), result("rel-1", ResultStatus.SUCCEEDED, OperationType.DELETE_NUMBER_ASSIGNMENT,
                    ReleasedResource.newBuilder().setKind("number_assignment").setId("asg-1").setNumber(number)
                            .setAlreadyGone(false).build()));
            publish(topics.results(), result("rel-2", ResultStatus.SUCCEEDED, OperationType.RELEASE_PHONE_NUMBER,
                    ReleasedResource.newBuilder().setKind("phone_number").setId("pn-1").setNumber(number)
                            .setAlreadyGone(false).build()));

            final var events = OrderStateReader.eventsOf(topics.states(), number, seen -> seen.size() >= 2);
            System.out.printf("release states: %s%n", events.stream()
                    .map(e -> e.getCategory() + "/" + e.getState() + " (" + e.getRequestId() + ")").toList());
            assertThat(events).extracting(e -> e.getCategory().toString(), e -> e.getState().toString(),
                    e -> e.getRequestId().toString()).containsExactly(
                    Tuple.tuple("number_assignment", "deleted", "rel-1"),
                    Tuple.tuple("phone_number", "released", "rel-2"));
            assertThat(events).allSatisfy(e -> assertThat(e.getSource()).isEqualTo(StateSource.RESULT));
            assertThat(events.getFirst().getNumberAssignmentId()).isEqualTo("asg-1");
        }
    }

    private static NumberResult result(final String id, final ResultStatus status, final OperationType type,
                                       final ReleasedResource resource) {
        final var now = Instant.now();
        return NumberResult.newBuilder().setRequestId(id).setProvider(Provider.SIGNALWIRE).setOperation(type)
                .setStatus(status).setResource(resource).setErrors(List.of()).setAttempts(1).setStartedAt(now)
                .setFinishedAt(now).build();
    }

    private static void publish(final String topic, final NumberResult result) throws Exception {
        final var config = SerdeConfig.of(SchemaRegistry.shared().url());
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                KafkaBroker.shared().bootstrapServers()), new StringSerializer(),
                new ConfluentAvroSerializer<NumberResult>(SchemaRegistryClient.http(config), config, false))) {
            producer.send(new ProducerRecord<>(topic, result.getRequestId().toString(), result)).get();
        }
    }
}
