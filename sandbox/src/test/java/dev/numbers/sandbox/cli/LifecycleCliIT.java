package dev.numbers.sandbox.cli;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.SignalWireDeleteNumberAssignment;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.SignalWireReleasePhoneNumber;
import dev.numbers.schemas.avro.SignalWireSearchAndPurchase;
import dev.numbers.schemas.avro.TelnyxDeletePhoneNumber;
import dev.numbers.schemas.avro.TelnyxSearchAndOrder;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle and DLQ commands of the CLI against the real broker and the real Apicurio registry. */
class LifecycleCliIT {

    private static final KafkaBroker BROKER = KafkaBroker.shared();
    private static final String REGISTRY = SchemaRegistry.shared().url();

    @Test
    void searchPurchaseCarriesTheCriteriaForEitherProvider() {
        final var topic = topic("requests");
        BROKER.createTopic(topic, 1);
        final var sw = Run.of("request", "search-purchase", "--areacode", "415", "--ends-with", "7000",
                "--max-candidates", "5", "-b", BROKER.bootstrapServers(), "-r", REGISTRY, "--topic", topic);
        final var tx = Run.of("request", "search-purchase", "--provider", "telnyx", "--areacode", "646",
                "--toll-free", "--connection-id", "conn-1", "-b", BROKER.bootstrapServers(), "-r", REGISTRY,
                "--topic", topic);
        assertThat(sw.code()).as(sw.err()).isZero();
        assertThat(tx.code()).as(tx.err()).isZero();
        final var records = read(topic, 2);
        assertThat(records.get(0).getOperation()).isEqualTo(SignalWireSearchAndPurchase.newBuilder()
                .setAreacode("415").setEndsWith("7000").setMaxCandidates(5).build());
        assertThat(records.get(1).getOperation()).isEqualTo(TelnyxSearchAndOrder.newBuilder()
                .setNationalDestinationCode("646").setPhoneNumberType("toll_free").setConnectionId("conn-1").build());
    }

    @Test
    void releaseNamesTheNumberOrTheIdAndDeleteAssignmentTheCampaign() {
        final var topic = topic("requests");
        BROKER.createTopic(topic, 1);
        final var campaign = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
        assertThat(Run.of("request", "release", "+14155550100", "-b", BROKER.bootstrapServers(), "-r", REGISTRY,
                "--topic", topic).code()).isZero();
        assertThat(Run.of("request", "release", "--provider", "telnyx", "--id", "1293384261075731499",
                "-b", BROKER.bootstrapServers(), "-r", REGISTRY, "--topic", topic).code()).isZero();
        assertThat(Run.of("request", "delete-assignment", "--campaign", campaign, "+14155550100",
                "-b", BROKER.bootstrapServers(), "-r", REGISTRY, "--topic", topic).code()).isZero();
        final var both = Run.of("request", "release", "+14155550100", "--id", "x", "-b", BROKER.bootstrapServers(),
                "-r", REGISTRY, "--topic", topic);
        assertThat(both.code()).isEqualTo(NumbersCli.USAGE);
        assertThat(both.err()).contains("exactly one");

        final var records = read(topic, 3);
        assertThat(records).extracting(NumberRequest::getOperation).containsExactly(
                SignalWireReleasePhoneNumber.newBuilder().setNumber("+14155550100").build(),
                TelnyxDeletePhoneNumber.newBuilder().setPhoneNumberId("1293384261075731499").build(),
                SignalWireDeleteNumberAssignment.newBuilder().setCampaignId(campaign).setNumber("+14155550100")
                        .build());
    }

    @Test
    void dlqListSaysWhyAndReplayRepublishesAsIsOrFixed() throws Exception {
        final var dlq = topic("dlq");
        final var requests = topic("requests");
        BROKER.createTopic(dlq, 1);
        BROKER.createTopic(requests, 1);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", BROKER.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(deadLetter(dlq, "req-a", "not avro".getBytes(StandardCharsets.UTF_8), "4",
                    "dev.numbers.schemas.serde.UndecodableRecordException", "bad magic byte")).get();
            final var good = new ConfluentAvroSerializer<NumberRequest>(SerdeConfig.of(REGISTRY))
                    .serialize(requests, request("req-b", "+14155550101"));
            producer.send(deadLetter(dlq, "req-b", good, "5", "dev.numbers.schemas.serde.UndecodableRecordException",
                    "unknown schema id")).get();
        }

        final var list = Run.of("dlq", "list", "-b", BROKER.bootstrapServers(), "-r", REGISTRY, "--dlq", dlq);
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out().lines()).containsExactly(
                "0@0  from numbers.requests-0@4  key=req-a  dev.numbers.schemas.serde.UndecodableRecordException: bad "
                        + "magic byte",
                "0@1  from numbers.requests-0@5  key=req-b  dev.numbers.schemas.serde.UndecodableRecordException: unkn"
                        + "own schema id");

        final var fix = Files.createTempFile("fixed-request", ".json");
        Files.writeString(fix, """
                {"request_id": "req-a", "requested_at": 1700000000000, "tenant": {"string": "team-a"},
                 "correlation_id": null,
                 "operation": {"dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber": {"number": "+14155550102"}}}
                """);
        final var asIs = Run.of("dlq", "replay", "--id", "0@1", "-b", BROKER.bootstrapServers(), "-r", REGISTRY,
                "--dlq", dlq, "--to", requests);
        final var fixed = Run.of("dlq", "replay", "--id", "0@0", "--fixed-request", fix.toString(),
                "-b", BROKER.bootstrapServers(), "-r", REGISTRY, "--dlq", dlq, "--to", requests);
        final var unknown = Run.of("dlq", "replay", "--id", "0@9", "-b", BROKER.bootstrapServers(), "-r", REGISTRY,
                "--dlq", dlq, "--to", requests);
        assertThat(asIs.code()).as(asIs.err()).isZero();
        assertThat(fixed.code()).as(fixed.err()).isZero();
        assertThat(unknown.code()).isEqualTo(NumbersCli.FAILURE);
        assertThat(unknown.err()).contains("not on " + dlq + ": 0@9");

        final var replayed = readRaw(requests, 2);
        final var deserializer = new ConfluentAvroDeserializer<>(NumberRequest.class, SerdeConfig.of(REGISTRY));
        assertThat(deserializer.deserialize(requests, replayed.get(0).value()).getOperation())
                .isEqualTo(SignalWirePurchasePhoneNumber.newBuilder().setNumber("+14155550101").build());
        assertThat(deserializer.deserialize(requests, replayed.get(1).value()).getOperation())
                .isEqualTo(SignalWirePurchasePhoneNumber.newBuilder().setNumber("+14155550102").build());
        for (final var r : replayed) {
            assertThat(r.headers().lastHeader("numbers.error.exception")).as("error headers stay on the DLQ").isNull();
            assertThat(r.headers().lastHeader("traceparent")).as("the original headers go along").isNotNull();
        }
        assertThat(new String(replayed.get(1).headers().lastHeader(DlqCommand.REPLAYED_FROM).value(),
                StandardCharsets.UTF_8)).isEqualTo(dlq + "-0@0");
        System.out.printf("dlq: listed 2, replayed 0@1 as is and 0@0 fixed; an unknown id refused%n");
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(final String dlq, final String key, final byte[] value,
                                                              final String offset, final String exception,
                                                              final String message) {
        final var record = new ProducerRecord<>(dlq, key.getBytes(StandardCharsets.UTF_8), value);
        record.headers().add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                .getBytes(StandardCharsets.UTF_8));
        record.headers().add("numbers.error.topic", "numbers.requests".getBytes(StandardCharsets.UTF_8));
        record.headers().add("numbers.error.partition", "0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("numbers.error.offset", offset.getBytes(StandardCharsets.UTF_8));
        record.headers().add("numbers.error.exception", exception.getBytes(StandardCharsets.UTF_8));
        record.headers().add("numbers.error.message", message.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static NumberRequest request(final String id, final String number) {
        return NumberRequest.newBuilder().setRequestId(id).setRequestedAt(Instant.now())
                .setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number).build()).build();
    }

    private static String topic(final String what) {
        return "cli-it-" + what + "-" + UUID.randomUUID();
    }

    private static List<NumberRequest> read(final String topic, final int count) {
        final var deserializer = new ConfluentAvroDeserializer<>(NumberRequest.class, SerdeConfig.of(REGISTRY));
        return readRaw(topic, count).stream().map(r -> deserializer.deserialize(topic, r.value())).toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readRaw(final String topic, final int count) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", BROKER.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final var values = new ArrayList<ConsumerRecord<byte[], byte[]>>();
            final var deadline = Instant.now().plusSeconds(20);
            while (values.size() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(values::add);
            }
            return values;
        }
    }
}
