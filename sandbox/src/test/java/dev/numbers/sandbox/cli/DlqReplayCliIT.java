package dev.numbers.sandbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code numbers dlq replay} on the real broker: it reads only committed DLQ copies (a copy whose transaction aborted
 * was retried, and the retry is what counts), sends each record back to the topic it came from, lists first on
 * {@code --dry-run}, and never replays a record twice, however often it is run.
 */
class DlqReplayCliIT {

    private static final KafkaBroker BROKER = KafkaBroker.shared();
    private static final String REGISTRY = SchemaRegistry.shared().url();

    @Test
    void replayReadsCommittedCopiesSendsEachWhereItCameFromAndNeverTwice() throws Exception {
        final var suffix = UUID.randomUUID().toString();
        final var dlq = "cli-it-dlq-" + suffix;
        final var orders = "cli-it-orders-" + suffix;
        final var releases = "cli-it-releases-" + suffix;
        BROKER.createTopic(dlq, 1);
        BROKER.createTopic(orders, 1);
        BROKER.createTopic(releases, 1);
        // Offsets on the DLQ: 0 the aborted copy, 1 its abort marker, 2 the retry, 3 the release, 4 the commit.
        deadLetters(dlq, orders, releases);

        final var list = run("list", "--dlq", dlq);
        assertThat(list.out().lines()).as("the aborted copy is not listed").hasSize(2);

        final var dryRun = run("replay", "--all", "--dry-run", "--dlq", dlq);
        assertThat(dryRun.code()).as(dryRun.err()).isZero();
        assertThat(dryRun.out().lines()).containsExactly("0@2 -> " + orders + " (dry run)",
                "0@3 -> " + releases + " (dry run)");
        assertThat(committed(orders)).as("a dry run writes nothing").isEmpty();
        assertThat(committed(releases)).isEmpty();

        final var first = run("replay", "--all", "--dlq", dlq);
        assertThat(first.code()).as(first.err()).isZero();
        final var again = run("replay", "--all", "--dlq", dlq);
        final var byId = run("replay", "--id", "0@2", "--dlq", dlq);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("skipped 0@2: replayed already, to " + orders + "-0@0")
                .contains("replayed 0 record(s)");
        assertThat(byId.err()).contains("skipped 0@2: replayed already");

        assertThat(committed(orders)).singleElement().satisfies(r -> {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("purchase, retried");
            assertThat(r.headers().lastHeader("numbers.error.topic")).isNull();
        });
        assertThat(committed(releases)).singleElement()
                .satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("release"));
        assertThat(run("list", "--dlq", dlq).out()).contains("0@2  from " + orders)
                .contains("(replayed to " + orders + "-0@0)").contains("(replayed to " + releases + "-0@0)");
        System.out.printf("dlq replay: 2 committed of 3 copies; dry run wrote nothing; replayed once to %s and %s;"
                + " two more runs replayed nothing%n", orders, releases);
    }

    /** A DLQ copy in a transaction that aborted, its committed retry, and one from another topic. */
    private static void deadLetters(final String dlq, final String orders, final String releases) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                BROKER.bootstrapServers(), "transactional.id", "cli-it-connector-" + dlq),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(deadLetter(dlq, "req-a", "purchase, aborted", orders));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(deadLetter(dlq, "req-a", "purchase, retried", orders));
            producer.send(deadLetter(dlq, "req-b", "release", releases));
            producer.commitTransaction();
        }
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(final String dlq, final String key, final String value,
                                                              final String from) {
        final var record = new ProducerRecord<>(dlq, 0, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
        record.headers().add("numbers.error.topic", from.getBytes(StandardCharsets.UTF_8));
        record.headers().add("numbers.error.partition", "0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("numbers.error.offset", "7".getBytes(StandardCharsets.UTF_8));
        record.headers().add("numbers.error.exception", "dev.numbers.Poison".getBytes(StandardCharsets.UTF_8));
        record.headers().add("numbers.error.message", "cannot be handled".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static Run run(final String command, final String... args) {
        final var all = new ArrayList<>(List.of("dlq", command, "-b", BROKER.bootstrapServers(), "-r", REGISTRY));
        all.addAll(List.of(args));
        return Run.of(all.toArray(String[]::new));
    }

    /** Every committed record of {@code topic} now (read to its end, not for a while). */
    private static List<ConsumerRecord<byte[], byte[]>> committed(final String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers",
                BROKER.bootstrapServers(), "isolation.level", "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            final var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            final var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
