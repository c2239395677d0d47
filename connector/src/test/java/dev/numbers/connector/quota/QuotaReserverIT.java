package dev.numbers.connector.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.QuotaEntry;
import dev.numbers.schemas.avro.QuotaState;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The lock itself, against the real broker and registry: a reservation is not decided while an earlier transaction
 * on its tenant's partition is open (another instance reserving), and its decision counts that transaction if it
 * commits and not if it aborts. Here the other instance is a bare transactional producer held open by the test.
 */
class QuotaReserverIT {

    private static final QuotaConfig.Limits ONE_IN_TOTAL = new QuotaConfig.Limits(null, 1);

    @Test
    void aReleaseIsAdmittedOnlyThroughTheAccountTheTenantHoldsTheNumberAtAfterReadingEveryEarlierEntry() {
        final var topic = "it.quotas." + UUID.randomUUID();
        try (var quotas = service(topic, "release-it");
             var other = otherInstance(KafkaBroker.shared().bootstrapServers());
             var serializer = new ConfluentAvroSerializer<QuotaEntry>(serde())) {
            final var otherRecords = new QuotaRecords(topic, 3, serializer, "other", Clock.systemUTC());
            // Another instance has just bought the number through SignalWire's main account.
            other.beginTransaction();
            other.send(otherRecords.record("team-r", "buy-1", otherRecords.today(), 1, List.of("+14155550101"),
                    QuotaState.BOUGHT, "SIGNALWIRE/main"));
            other.commitTransaction();

            final var elsewhere = quotas.reserver().askRelease("team-r", "rel-1",
                    new QuotaBook.Holding("TELNYX/main", "+14155550101"), ONE_IN_TOTAL).join();
            final var there = quotas.reserver().askRelease("team-r", "rel-2",
                    new QuotaBook.Holding("SIGNALWIRE/main", "+14155550101"), ONE_IN_TOTAL).join();

            assertThat(elsewhere).isEqualTo(new QuotaReserver.Decision.NotHeld());
            assertThat(there).isInstanceOf(QuotaReserver.Decision.Admitted.class);
        }
    }

    @Test
    void aReservationWaitsForAnEarlierOpenTransactionOnItsPartitionAndCountsItOnlyIfCommitted() {
        final var topic = "it.quotas." + UUID.randomUUID();
        try (var quotas = service(topic, "reserver-it");
             var other = otherInstance(KafkaBroker.shared().bootstrapServers());
             var serializer = new ConfluentAvroSerializer<QuotaEntry>(serde())) {
            final var otherRecords = new QuotaRecords(topic, 3, serializer, "other", Clock.systemUTC());

            // Committed: the other instance's reservation is counted, ours is refused at the limit.
            other.beginTransaction();
            other.send(otherRecords.record("team-x", "other-1", otherRecords.today(), 1, List.of(),
                    QuotaState.RESERVED, null));
            other.flush();
            final var refused = quotas.reserver().ask("team-x", "ours-1", 1, ONE_IN_TOTAL);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !refused.isDone());
            other.commitTransaction();
            final var first = refused.join();

            // Aborted: nothing of it counts, ours is admitted.
            other.beginTransaction();
            other.send(otherRecords.record("team-y", "other-2", otherRecords.today(), 1, List.of(),
                    QuotaState.RESERVED, null));
            other.flush();
            final var admitted = quotas.reserver().ask("team-y", "ours-2", 1, ONE_IN_TOTAL);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !admitted.isDone());
            other.abortTransaction();
            final var second = admitted.join();

            // A re-execution of an admitted request is admitted again without being counted twice.
            final var again = quotas.reserver().ask("team-y", "ours-2", 1, ONE_IN_TOTAL).join();
            System.out.printf("QuotaReserverIT: held behind an open transaction for 2 s each time; after its commit:"
                    + " %s; after its abort: %s; the admitted request again: %s%n", first, second, again);
            assertThat(first).isEqualTo(new QuotaReserver.Decision.Refused("total", 1, 1, otherRecords.today()));
            assertThat(second).isEqualTo(new QuotaReserver.Decision.Admitted(otherRecords.today()));
            assertThat(again).isEqualTo(new QuotaReserver.Decision.Admitted(otherRecords.today()));
            assertThat(quotas.book().counts("team-y", otherRecords.today()).total()).isEqualTo(1);
        }
    }

    /** The reserver of an instance counting on {@code topic} (3 partitions, a total limit of 1). */
    private static QuotaService service(final String topic, final String instance) {
        final var config = new QuotaConfig(null, 1, Map.of(), Map.of(), 3, (short) -1, Duration.ofSeconds(10),
                Duration.ofSeconds(8));
        final Map<String, Object> kafka = Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        return QuotaService.open(new QuotaSettings(topic, kafka, instance, serde(), "it"), config,
                new SimpleMeterRegistry());
    }

    private static SerdeConfig serde() {
        return SerdeConfig.of(SchemaRegistry.shared().url());
    }

    private static KafkaProducer<byte[], byte[]> otherInstance(final String bootstrap) {
        final var props = new HashMap<String, Object>();
        props.put("bootstrap.servers", bootstrap);
        props.put("transactional.id", "quota-other-" + UUID.randomUUID());
        final var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }
}
