package dev.numbers.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import dev.numbers.sandbox.cli.NumbersCli;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.PhoneNumber;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DLQ workflow end to end with the {@code numbers} CLI (real broker, registry, simulator over HTTP, the connector
 * running): a record the connector cannot decode lands on the DLQ, {@code numbers dlq list} says why, {@code numbers
 * dlq replay --fixed-request} re-publishes it fixed and the connector buys the number; replaying a request that had
 * in fact completed is answered again from the ledger, and the simulator shows one purchase.
 */
class DlqReplayIT {

    @RegisterExtension
    static final SimulatorFixture FIXTURE = new SimulatorFixture();

    @Test
    void aDeadLetterReplayedFixedIsExecutedAndAReplayOfACompletedRequestIsAnsweredFromTheLedger() throws Exception {
        final var began = Instant.now();
        final var broker = KafkaBroker.shared();
        final var registry = SchemaRegistry.shared().url();
        final var topics = TestTopics.create(broker, "dlq-replay");
        final var cli = List.of("-b", broker.bootstrapServers(), "-r", registry, "--dlq", topics.dlq());
        try (var connector = new RunningConnector(broker.bootstrapServers(), registry, topics, FIXTURE.simulator(),
                "dlq-replay", Map.of());
             var collector = ResultCollector.on(broker, FIXTURE.serde(), topics);
             var producer = producer(broker.bootstrapServers())) {
            // 1. A record the connector cannot decode: dead-lettered, nothing executed.
            producer.send(new ProducerRecord<>(topics.requests(), key("dlq-broken"),
                    "{\"request_id\":\"dlq-broken\"} (JSON, not Avro)".getBytes(StandardCharsets.UTF_8))).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> dlqSize(broker, topics) == 1);
            final var list = cli("dlq", "list", cli);
            assertThat(list.out()).contains("key=dlq-broken", "Undecodable");
            final var brokenId = idOf(list, "dlq-broken");

            // 2. Replayed with a fixed request: the connector executes it.
            final var fix = Files.createTempFile("fixed-request", ".json");
            Files.writeString(fix, """
                    {"request_id": "dlq-fixed", "requested_at": %d, "tenant": {"string": "team-dlq"},
                     "correlation_id": null,
                     "operation": {"dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber": \
                    {"number": "+12025561001"}}}
                    """.formatted(System.currentTimeMillis()));
            final var fixed = cli("dlq", "replay", cli, "--id", brokenId, "--fixed-request", fix.toString(), "--to",
                    topics.requests());
            await().atMost(Duration.ofSeconds(60)).until(() -> collector.result("dlq-fixed") != null);
            final var executed = collector.result("dlq-fixed").value();
            assertThat(executed.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
            assertThat(FIXTURE.simulator().purchaseCount("+12025561001")).isEqualTo(1);

            // 3. A request that completed, whose copy sits on the DLQ (say the registry was away when a second
            //    instance read a duplicate of it): replayed as is, answered from the ledger, not bought again.
            final var done = NumberRequest.newBuilder().setRequestId("dlq-done").setRequestedAt(Instant.now())
                    .setTenant("team-dlq").setOperation(SignalWirePurchasePhoneNumber.newBuilder()
                            .setNumber("+12025561002").build()).build();
            final byte[] value;
            try (var serializer = new ConfluentAvroSerializer<NumberRequest>(FIXTURE.serde())) {
                value = serializer.serialize(topics.requests(), done);
            }
            producer.send(new ProducerRecord<>(topics.requests(), key("dlq-done"), value)).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> collector.result("dlq-done") != null);
            final var first = collector.result("dlq-done").value();
            final var copy = new ProducerRecord<>(topics.dlq(), key("dlq-done"), value);
            copy.headers().add("numbers.error.topic", topics.requests().getBytes(StandardCharsets.UTF_8));
            copy.headers().add("numbers.error.exception", "dev.numbers.schemas.serde.RegistryUnavailableException"
                    .getBytes(StandardCharsets.UTF_8));
            copy.headers().add("numbers.error.message", "registry unavailable".getBytes(StandardCharsets.UTF_8));
            producer.send(copy).get();
            final var again = cli("dlq", "replay", cli, "--id", idOf(cli("dlq", "list", cli), "dlq-done"), "--to",
                    topics.requests());
            await().atMost(Duration.ofSeconds(60)).until(() -> CommittedRecords.results(broker.bootstrapServers(),
                    registry, topics.results()).stream().filter(r -> "dlq-done".contentEquals(r.getRequestId()))
                    .count() == 2);
            final var answers = CommittedRecords.results(broker.bootstrapServers(), registry, topics.results())
                    .stream().filter(r -> "dlq-done".contentEquals(r.getRequestId())).toList();
            System.out.printf("%n===== DlqReplayIT =====%n`numbers dlq list`: %s`numbers dlq replay --fixed-request`:"
                            + " %sfixed request: %s, simulator purchases of +12025561001: %d%n`numbers dlq replay` of a"
                            + " completed request: %sresults for it: %s, simulator purchases of +12025561002: %d%n"
                            + "wall time %d s%n", list.out(), fixed.out(), executed.getStatus(),
                    FIXTURE.simulator().purchaseCount("+12025561001"), again.out(),
                    answers.stream().map(r -> r.getStatus() + " " + ((PhoneNumber) r.getResource()).getId()).toList(),
                    FIXTURE.simulator().purchaseCount("+12025561002"),
                    Duration.between(began, Instant.now()).toSeconds());
            assertThat(answers).hasSize(2).allSatisfy(r -> {
                assertThat(r.getStatus()).isEqualTo(first.getStatus()).isEqualTo(ResultStatus.SUCCEEDED);
                assertThat(r.getResource()).isEqualTo(first.getResource());
            });
            assertThat(FIXTURE.simulator().purchaseCount("+12025561002")).as("purchases of the replayed request")
                    .isEqualTo(1);
        }
    }

    private record Cli(String out, String err) {
    }

    private static Cli cli(final String command, final String sub, final List<String> common, final String... more) {
        final var out = new StringWriter();
        final var err = new StringWriter();
        final var args = new ArrayList<String>(List.of(command, sub));
        args.addAll(common);
        args.addAll(List.of(more));
        final int code = NumbersCli.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertThat(code).as("numbers %s: %s", args, err).isEqualTo(NumbersCli.OK);
        return new Cli(out.toString(), err.toString());
    }

    /** The id `numbers dlq list` gives the record with this key (its first column). */
    private static String idOf(final Cli list, final String key) {
        return list.out().lines().filter(line -> line.contains("key=" + key + " ")).findFirst()
                .map(line -> line.split("\\s+")[0]).orElseThrow(() -> new AssertionError(key + " not listed: "
                        + list.out()));
    }

    private static long dlqSize(final KafkaBroker broker, final TestTopics topics) {
        return CommittedRecords.readAll(broker.bootstrapServers(), topics.dlq()).size();
    }

    private static byte[] key(final String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer(final String bootstrap) {
        final var props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
