package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A connector whose group's committed offsets stay unstable says so. An open transaction that committed offsets for
 * the connector's group (as a result transaction does, and as the hanging one Kafka 4.3.1 left on
 * {@code __consumer_offsets} after a broker restart did) makes every read_committed offset fetch answer
 * UNSTABLE_OFFSET_COMMIT: the consumer polls, gets no position, takes nothing and logs nothing. {@code /health} turns
 * DOWN ({@code positions}) naming the group's offsets partition and the transaction holding it, the stall is counted,
 * and once the transaction is aborted the positions come, {@code /health} is UP and the waiting request is answered.
 */
class UnstableOffsetsIT {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @RegisterExtension
    static final SimulatorFixture FIXTURE = new SimulatorFixture();

    @Test
    void anOpenTransactionHoldingTheGroupsOffsetsTurnsHealthDownNamingItUntilItEnds() throws Exception {
        final var broker = KafkaBroker.shared();
        final var topics = TestTopics.create(broker, "unstable");
        final var request = NumberRequestFactory.of("unstable-" + UUID.randomUUID(), SignalWirePurchasePhoneNumber
                .newBuilder().setNumber("+13035557001").build());
        NumberRequestFactory.publish(topics.requests(), FIXTURE.serde(), request);
        final var holderId = "holder-" + UUID.randomUUID();
        final var props = new Properties();
        props.putAll(broker.clientProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, holderId);
        // Longer than the test: the coordinator must not end it before the test does.
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(5).toMillis());
        try (var holder = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            holder.initTransactions();
            holder.beginTransaction();
            // Offsets for the connector's group inside a transaction that stays open: they are "unstable".
            holder.sendOffsetsToTransaction(atTheBeginning(topics), new ConsumerGroupMetadata(topics.group()));
            // The broker creates __consumer_offsets when a group is first looked up: only now can it be described.
            final String groupPartition;
            try (var admin = broker.admin()) {
                groupPartition = Topic.GROUP_METADATA_TOPIC_NAME + "-" + Utils.abs(topics.group().hashCode())
                        % admin.describeTopics(List.of(Topic.GROUP_METADATA_TOPIC_NAME)).allTopicNames().get()
                        .get(Topic.GROUP_METADATA_TOPIC_NAME).partitions().size();
            }

            try (var connector = new RunningConnector(broker.bootstrapServers(), SchemaRegistry.shared().url(),
                    topics, FIXTURE.simulator(), "unstable-" + UUID.randomUUID(),
                    Map.of("connector.health.position-stall-after", "3s"));
                 var collector = ResultCollector.on(broker, FIXTURE.serde(), topics)) {
                final long started = System.nanoTime();
                await().atMost(BOUND).untilAsserted(() -> assertThat(connector.loopHealth().path("details")
                        .path("positions").asText()).contains(holderId));
                final long downAfter = millisSince(started);
                final var reason = connector.loopHealth().path("details").path("positions").asText();
                assertThat(connector.loopHealth().path("status").asText()).isEqualTo("DOWN");
                assertThat(reason).contains("no position for [" + topics.requests() + "-0")
                        .contains(groupPartition + ": transaction of '" + holderId + "'");
                assertThat(downGauge(connector)).isEqualTo(1.0);
                assertThat(stalls(connector)).isEqualTo(1.0);
                assertThat(collector.result(request.getRequestId().toString())).as("nothing is read meanwhile")
                        .isNull();

                final long aborted = System.nanoTime();
                holder.abortTransaction();
                await().atMost(BOUND).until(connector::loopUp);
                final long upAfter = millisSince(aborted);
                final var answered = await().atMost(BOUND).until(() -> collector.result(request.getRequestId()
                        .toString()), Objects::nonNull);
                System.out.printf("%nUnstableOffsetsIT: group %s's offsets held by an open transaction on %s ->"
                        + " /health DOWN (positions) after %d ms: %s; stalls counted %.0f; transaction aborted ->"
                        + " UP after %d ms, the waiting request %s%n", topics.group(), groupPartition, downAfter,
                        reason, stalls(connector), upAfter, answered.value().getStatus());
                assertThat(downGauge(connector)).isZero();
                assertThat(stalls(connector)).as("one stall, counted once").isEqualTo(1.0);
                assertThat(answered.value().getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            }
        }
    }

    /**
     * What aborting such a transaction costs (docs/operations.md, "Hanging transactions"): the offsets it committed
     * are gone, so the group's committed offsets fall back and the requests behind them are read again. The instance
     * that answered them (same store) finds their COMPLETED with the same record as source: no provider call, no
     * second result, and the offsets move on again.
     */
    @Test
    void requestsReadAgainAfterTheirOffsetsWereLostAreNeitherBoughtNorAnsweredTwice() throws Exception {
        final var broker = KafkaBroker.shared();
        final var topics = TestTopics.create(broker, "lost-offsets");
        final var number = "+13035557002";
        final var request = NumberRequestFactory.of("lost-" + UUID.randomUUID(), SignalWirePurchasePhoneNumber
                .newBuilder().setNumber(number).build());
        final var id = request.getRequestId().toString();
        NumberRequestFactory.publish(topics.requests(), FIXTURE.serde(), request);
        final var instance = "lost-" + UUID.randomUUID();
        final var registry = SchemaRegistry.shared().url();
        try (var connector = new RunningConnector(broker.bootstrapServers(), registry, topics, FIXTURE.simulator(),
                instance, Map.of());
             var collector = ResultCollector.on(broker, FIXTURE.serde(), topics)) {
            await().atMost(BOUND).until(() -> collector.result(id), Objects::nonNull);
            await().atMost(BOUND).until(() -> CommittedRecords.unfinished(broker.bootstrapServers(), topics.group(),
                    topics.requests()) == 0);
        }
        final int callsBefore = FIXTURE.simulator().requestCount();
        // The connector left the group: its offsets can be set back, as an aborted offsets transaction does.
        try (var admin = broker.admin()) {
            admin.alterConsumerGroupOffsets(topics.group(), atTheBeginning(topics)).all().get();
        }
        final long lost = CommittedRecords.unfinished(broker.bootstrapServers(), topics.group(), topics.requests());
        try (var again = new RunningConnector(broker.bootstrapServers(), registry, topics, FIXTURE.simulator(),
                instance, Map.of())) {
            await().atMost(BOUND).until(() -> CommittedRecords.unfinished(broker.bootstrapServers(), topics.group(),
                    topics.requests()) == 0);
            final var redelivered = again.context().getBean(MeterRegistry.class).find("connector.ledger.answers")
                    .tag("kind", "redelivered").counter();
            final var results = CommittedRecords.results(broker.bootstrapServers(), registry, topics.results())
                    .stream().filter(r -> r.getRequestId().toString().equals(id)).toList();
            final int calls = FIXTURE.simulator().requestCount() - callsBefore;
            System.out.printf("%nUnstableOffsetsIT lost offsets: %d request(s) behind the committed offset again ->"
                    + " answered from the ledger %.0f time(s), provider calls %d, %s bought %d time(s), results"
                    + " for it %d%n", lost, redelivered == null ? 0 : redelivered.count(), calls, number,
                    FIXTURE.simulator().purchaseCount(number), results.size());
            assertThat(lost).isEqualTo(1);
            assertThat(redelivered).isNotNull();
            assertThat(redelivered.count()).isEqualTo(1);
            assertThat(calls).as("no provider call for a request read again").isZero();
            assertThat(FIXTURE.simulator().purchaseCount(number)).isEqualTo(1);
            assertThat(results).singleElement().satisfies(r -> assertThat(r.getStatus())
                    .isEqualTo(ResultStatus.SUCCEEDED));
        }
    }

    /** Offset 0 for each of the four request partitions {@link TestTopics#create} makes. */
    private static Map<TopicPartition, OffsetAndMetadata> atTheBeginning(final TestTopics topics) {
        final var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        for (int partition = 0; partition < 4; partition++) {
            offsets.put(new TopicPartition(topics.requests(), partition), new OffsetAndMetadata(0));
        }
        return offsets;
    }

    private static long millisSince(final long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    private static double downGauge(final RunningConnector connector) {
        return connector.context().getBean(MeterRegistry.class).get("connector.health.down")
                .tag("check", "positions").gauge().value();
    }

    private static double stalls(final RunningConnector connector) {
        final var counter = connector.context().getBean(MeterRegistry.class).find("connector.loop.position.stalls")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
