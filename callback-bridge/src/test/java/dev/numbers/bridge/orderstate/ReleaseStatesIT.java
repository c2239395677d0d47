package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.bridge.OrderStateReader;
import dev.numbers.bridge.TestBridge;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.StateSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
            final var results = topics.results();
            TestBridge.publishResult(results, refusedRelease("rel-refused"), null);
            TestBridge.publishResult(results, TestBridge.released("rel-1", "number_assignment", "asg-1", number), null);
            TestBridge.publishResult(results, TestBridge.released("rel-2", "phone_number", "pn-1", number), null);

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

    private static NumberResult refusedRelease(final String id) {
        final var now = Instant.now();
        return NumberResult.newBuilder().setRequestId(id).setProvider(Provider.SIGNALWIRE)
                .setOperation(OperationType.RELEASE_PHONE_NUMBER).setStatus(ResultStatus.REJECTED).setResource(null)
                .setErrors(List.of()).setAttempts(1).setStartedAt(now).setFinishedAt(now).build();
    }
}
