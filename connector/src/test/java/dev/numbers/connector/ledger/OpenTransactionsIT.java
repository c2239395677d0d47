package dev.numbers.connector.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * What a catch-up held by an open transaction logs: the partition, the holder's transactional.id and where its
 * transaction began, read from the real broker; and nothing once the transaction ended.
 */
class OpenTransactionsIT {

    @Test
    void anOpenTransactionIsNamedByItsTransactionalIdAndStartOffset() throws Exception {
        final var broker = KafkaBroker.shared();
        final var topic = "open-txn-" + UUID.randomUUID();
        broker.createTopic(topic, 2);
        final var holder = "holder-" + UUID.randomUUID();
        final var props = new Properties();
        props.putAll(broker.clientProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, holder);
        final var partition = new TopicPartition(topic, 1);
        try (var admin = broker.admin();
             var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            final var open = new OpenTransactions(admin, Clock.systemUTC());
            producer.initTransactions();
            producer.beginTransaction();
            final long offset = producer.send(new ProducerRecord<>(topic, 1, "id".getBytes(StandardCharsets.UTF_8),
                    "v".getBytes(StandardCharsets.UTF_8))).get().offset();

            final var held = open.describe(List.of(partition, new TopicPartition(topic, 0)));
            System.out.println("held by: " + held);
            assertThat(held.toString()).contains(topic + "-1: transaction of '" + holder + "'")
                    .contains("coordinator: Ongoing").contains("open since offset " + offset)
                    .doesNotContain(topic + "-0");
            assertThat(held.hanging()).as("an ongoing transaction is not hanging").isEmpty();

            producer.commitTransaction();
            // The commit returns once the coordinator decided; the partition learns it with the marker, just after.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(open.describe(List.of(partition)).toString()).isEqualTo("no open transaction"));
        }
    }
}
