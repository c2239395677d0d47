package dev.numbers.sandbox.cli;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.TelnyxCreateNumberOrder;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against the real broker and the real Apicurio registry. */
class NumbersCliIT {

    private static final KafkaBroker BROKER = KafkaBroker.shared();
    private static final String REGISTRY = SchemaRegistry.shared().url();

    @Test
    void purchaseRequestIsReadableAsNumberRequestWithThePrintedId() {
        final var topic = topic("requests");
        BROKER.createTopic(topic, 1);
        final var run = Run.of("request", "purchase", "+15551234567", "-b", BROKER.bootstrapServers(),
                "-r", REGISTRY, "--topic", topic, "--tenant", "team-a", "--account", "east");

        assertThat(run.code()).as(run.err()).isZero();
        final var requestId = run.out().strip();
        assertThat(UUID.fromString(requestId)).isNotNull();
        final var records = read(topic);
        assertThat(records).hasSize(1);
        final var request = records.getFirst();
        assertThat(request.getRequestId()).isEqualTo(requestId);
        assertThat(request.getTenant()).isEqualTo("team-a");
        assertThat(request.getAccount()).isEqualTo("east");
        assertThat(request.getOperation()).isEqualTo(SignalWirePurchasePhoneNumber.newBuilder()
                .setNumber("+15551234567").build());
    }

    @Test
    void campaignOrderCarriesNumbersAndCallbackUrlUnderTheGivenRequestId() {
        final var topic = topic("requests");
        BROKER.createTopic(topic, 1);
        final var run = Run.of("request", "campaign-order", "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                "+15551230001", "+15551230002", "--callback-url", "https://hooks.example/10dlc",
                "--request-id", "req-7", "-b", BROKER.bootstrapServers(), "-r", REGISTRY, "--topic", topic);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("req-7");
        final var operation = (SignalWireCreateAssignmentOrder) read(topic).getFirst().getOperation();
        assertThat(operation.getPhoneNumbers()).containsExactly("+15551230001", "+15551230002");
        assertThat(operation.getStatusCallbackUrl()).isEqualTo("https://hooks.example/10dlc");
    }

    @Test
    void telnyxOrderSetsConnectionIdOnTheOrder() {
        final var topic = topic("requests");
        BROKER.createTopic(topic, 1);
        final var run = Run.of("request", "telnyx-order", "+19705555098", "--connection-id", "conn-1",
                "-b", BROKER.bootstrapServers(), "-r", REGISTRY, "--topic", topic);

        assertThat(run.code()).as(run.err()).isZero();
        final var operation = (TelnyxCreateNumberOrder) read(topic).getFirst().getOperation();
        assertThat(operation.getConnectionId()).isEqualTo("conn-1");
        assertThat(operation.getPhoneNumbers().getFirst().getPhoneNumber()).isEqualTo("+19705555098");
    }

    @Test
    void resultsPrintsEachResultOnTheTopicAndStops() throws Exception {
        final var topic = topic("results");
        BROKER.createTopic(topic, 2);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", BROKER.bootstrapServers()),
                new StringSerializer(), new ConfluentAvroSerializer<NumberResult>(SerdeConfig.of(REGISTRY)))) {
            final var viaEast = result("r-1", ResultStatus.SUCCEEDED);
            viaEast.setAccount("east");
            producer.send(new ProducerRecord<>(topic, "r-1", viaEast)).get();
            producer.send(new ProducerRecord<>(topic, "r-2", result("r-2", ResultStatus.REJECTED))).get();
        }

        final var run = Run.of("results", "-b", BROKER.bootstrapServers(), "-r", REGISTRY, "--topic", topic,
                "--expect", "2");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactlyInAnyOrder(
                "result r-1 SUCCEEDED SIGNALWIRE PURCHASE_PHONE_NUMBER attempts=1 account=east",
                "result r-2 REJECTED SIGNALWIRE PURCHASE_PHONE_NUMBER attempts=1");
    }

    @Test
    void resultsSkipsARecordThatIsNotAvroAndPrintsTheRest() throws Exception {
        final var topic = topic("results");
        BROKER.createTopic(topic, 1);
        try (var raw = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", BROKER.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", BROKER.bootstrapServers()),
                     new StringSerializer(), new ConfluentAvroSerializer<NumberResult>(SerdeConfig.of(REGISTRY)))) {
            raw.send(new ProducerRecord<>(topic, "junk", "not avro".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(topic, "r-3", result("r-3", ResultStatus.SUCCEEDED))).get();
        }

        final var run = Run.of("results", "-b", BROKER.bootstrapServers(), "-r", REGISTRY, "--topic", topic);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("skipped " + topic + "-0@0");
        assertThat(run.out().lines())
                .containsExactly("result r-3 SUCCEEDED SIGNALWIRE PURCHASE_PHONE_NUMBER attempts=1");
    }

    @Test
    void resultsOfAMissingTopicFailWithExitOne() {
        final var run = Run.of("results", "-b", BROKER.bootstrapServers(), "-r", REGISTRY,
                "--topic", topic("absent"), "--timeout", "3");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("does not exist");
    }

    private static NumberResult result(final String id, final ResultStatus status) {
        final var now = Instant.now();
        return NumberResult.newBuilder()
                .setRequestId(id)
                .setProvider(Provider.SIGNALWIRE)
                .setOperation(OperationType.PURCHASE_PHONE_NUMBER)
                .setStatus(status)
                .setErrors(List.of())
                .setAttempts(1)
                .setStartedAt(now)
                .setFinishedAt(now)
                .setReconciled(false)
                .build();
    }

    private static String topic(final String what) {
        return "cli-it-" + what + "-" + UUID.randomUUID();
    }

    private static List<NumberRequest> read(final String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", BROKER.bootstrapServers()),
                new StringDeserializer(), new ConfluentAvroDeserializer<>(NumberRequest.class,
                        SerdeConfig.of(REGISTRY)))) {
            final var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final var values = new ArrayList<NumberRequest>();
            final var deadline = Instant.now().plusSeconds(20);
            while (values.isEmpty() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }
}
