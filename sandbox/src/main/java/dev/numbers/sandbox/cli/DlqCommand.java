package dev.numbers.sandbox.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import dev.numbers.schemas.topics.TopicNames;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code numbers dlq list | replay}: what is on the requests DLQ and why (from its numbers.error.* headers), and
 * re-publishing chosen records to the requests topic, as they were or with a fixed value. A replay is an ordinary
 * request: the connector's ledger answers a request_id that had in fact completed instead of executing it again.
 *
 * <p>Just over 250 lines, knowingly: the two subcommands are nested because they share the source options, the header
 * reading and the record id, which would otherwise be three files changed together.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Inspect and replay the requests DLQ.",
        subcommands = {DlqCommand.ListRecords.class, DlqCommand.Replay.class})
public final class DlqCommand implements Runnable {

    static final String ERROR = "numbers.error.";
    static final String REPLAYED_FROM = "numbers.replayed-from";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: list or replay");
    }

    /** Where the DLQ is; shared by both subcommands. */
    static final class Source {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--dlq", paramLabel = "TOPIC",
                defaultValue = "${env:NUMBERS_DLQ_TOPIC:-" + TopicNames.REQUESTS_DLQ + "}",
                description = "DLQ topic (default ${DEFAULT-VALUE}).")
        String dlq;

        /** Every record on the DLQ now, oldest first per partition. */
        List<ConsumerRecord<byte[], byte[]>> read() {
            final Map<String, Object> config = kafka.common();
            config.put("enable.auto.commit", "false");
            config.put("default.api.timeout.ms", (int) kafka.timeout().toMillis());
            try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                final var partitions = consumer.partitionsFor(dlq, kafka.timeout()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                if (partitions.isEmpty()) {
                    throw new CliFailure("topic " + dlq + " does not exist at " + kafka.bootstrap);
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                final var end = consumer.endOffsets(partitions, kafka.timeout());
                final var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
                final long deadline = System.nanoTime() + kafka.timeout().toNanos();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.getOrDefault(p, 0L))) {
                    if (System.nanoTime() > deadline) {
                        throw new CliFailure("could not read " + dlq + " to its end within " + kafka.timeoutSeconds
                                + "s");
                    }
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
                return records;
            }
        }
    }

    static String header(final Headers headers, final String name) {
        final var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String id(final ConsumerRecord<?, ?> record) {
        return record.partition() + "@" + record.offset();
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One line per DLQ record: its id (partition@offset, for replay), where it came from, its key"
                    + " and why it was dead-lettered.")
    static final class ListRecords implements Callable<Integer> {
        @Mixin
        Source source;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            final var out = spec.commandLine().getOut();
            final var records = source.read();
            for (final var r : records) {
                final var h = r.headers();
                out.printf("%s  from %s-%s@%s  key=%s  %s: %s%s%n", id(r), header(h, ERROR + "topic"),
                        header(h, ERROR + "partition"), header(h, ERROR + "offset"),
                        r.key() == null ? "-" : new String(r.key(), StandardCharsets.UTF_8),
                        header(h, ERROR + "exception"), header(h, ERROR + "message"),
                        r.value() == null ? "  (value not copied: " + header(h, ERROR + "value-dropped") + ")" : "");
            }
            spec.commandLine().getErr().printf("%d record(s) on %s%n", records.size(), source.dlq);
            return NumbersCli.OK;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Re-publish DLQ records to the requests topic, as they were or with --fixed-request. The"
                    + " connector's ledger answers a request that had completed instead of executing it again.")
    static final class Replay implements Callable<Integer> {
        @Mixin
        Source source;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--to", paramLabel = "TOPIC",
                defaultValue = "${env:NUMBERS_REQUESTS_TOPIC:-" + TopicNames.REQUESTS + "}",
                description = "Requests topic (default ${DEFAULT-VALUE}).")
        String topic;

        @Option(names = "--id", paramLabel = "PARTITION@OFFSET", split = ",",
                description = "DLQ records to replay, as `numbers dlq list` names them.")
        List<String> ids = List.of();

        @Option(names = "--all", description = "Replay every record on the DLQ.")
        boolean all;

        @Option(names = "--fixed-request", paramLabel = "FILE",
                description = "A NumberRequest in Avro JSON encoding that replaces the value of the (single) replayed"
                        + " record, e.g. after correcting a field.")
        Path fixedRequest;

        @Override
        public Integer call() {
            if (all == !ids.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Name records with --id, or --all");
            }
            if (fixedRequest != null && (all || ids.size() != 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--fixed-request replaces one record: one --id");
            }
            final var wanted = Set.copyOf(ids);
            final var chosen = source.read().stream().filter(r -> all || wanted.contains(id(r))).toList();
            final var missing = new ArrayList<>(wanted);
            chosen.forEach(r -> missing.remove(id(r)));
            if (!missing.isEmpty()) {
                throw new CliFailure("not on " + source.dlq + ": " + String.join(", ", missing));
            }
            final var fixed = fixedRequest == null ? null : fixedValue();
            final Map<String, Object> config = source.kafka.common();
            config.put("acks", "all");
            config.put("enable.idempotence", "true");
            config.put("max.block.ms", (int) source.kafka.timeout().toMillis());
            int replayed = 0;
            try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (final var r : chosen) {
                    final var value = fixed != null ? fixed : r.value();
                    if (value == null) {
                        spec.commandLine().getErr().printf("skipped %s: its value was not copied to the DLQ%n", id(r));
                        continue;
                    }
                    final var copy = new ProducerRecord<>(topic, null, r.key(), value);
                    // The original headers (trace context) go along; the error headers stay on the DLQ.
                    r.headers().forEach(h -> {
                        if (!h.key().startsWith(ERROR)) {
                            copy.headers().add(h);
                        }
                    });
                    copy.headers().add(REPLAYED_FROM, (source.dlq + "-" + id(r)).getBytes(StandardCharsets.UTF_8));
                    final var meta = producer.send(copy).get(source.kafka.timeout().toMillis() + 30_000,
                            TimeUnit.MILLISECONDS);
                    spec.commandLine().getOut().printf("%s -> %s-%d@%d%s%n", id(r), meta.topic(), meta.partition(),
                            meta.offset(), fixed != null ? " (fixed)" : "");
                    replayed++;
                }
            } catch (final ExecutionException e) {
                throw new CliFailure("could not replay to " + topic + ": " + CliFailure.describe(e.getCause()));
            } catch (final TimeoutException e) {
                throw new CliFailure("Kafka did not acknowledge the replay within " + source.kafka.timeoutSeconds
                        + "s");
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted");
            }
            spec.commandLine().getErr().printf("replayed %d record(s) to %s%n", replayed, topic);
            return NumbersCli.OK;
        }

        /** The fixed request, validated against the contract and encoded as the connector reads it. */
        private byte[] fixedValue() {
            final NumberRequest request;
            try {
                final var json = withNullDefaults(Files.readString(fixedRequest));
                request = new SpecificDatumReader<>(NumberRequest.class).read(null,
                        DecoderFactory.get().jsonDecoder(NumberRequest.getClassSchema(), json));
            } catch (IOException | RuntimeException e) {
                throw new CliFailure("--fixed-request " + fixedRequest + " is not a NumberRequest in Avro JSON: "
                        + CliFailure.describe(e));
            }
            try (var serializer = new ConfluentAvroSerializer<NumberRequest>(SerdeConfig.of(
                    source.kafka.registryUrl))) {
                return serializer.serialize(topic, request);
            }
        }

        /**
         * Avro's JSON decoder wants every field, so a request written before an optional field existed (e.g.
         * {@code account}, or a purchase's {@code configuration}) would be refused: fields it lacks whose default is
         * null are added as null, at the top and in the operation.
         */
        private static String withNullDefaults(final String json) throws IOException {
            final var mapper = new ObjectMapper();
            if (!(mapper.readTree(json) instanceof ObjectNode object)) {
                return json;
            }
            addNulls(object, NumberRequest.getClassSchema());
            // The same inside the operation (e.g. a purchase written before its optional configuration existed).
            if (object.get("operation") instanceof ObjectNode operation && operation.size() == 1) {
                final var name = operation.fieldNames().next();
                final var member = NumberRequest.getClassSchema().getField("operation").schema().getTypes().stream()
                        .filter(type -> type.getFullName().equals(name)).findFirst();
                if (member.isPresent() && operation.get(name) instanceof ObjectNode fields) {
                    addNulls(fields, member.get());
                }
            }
            return mapper.writeValueAsString(object);
        }

        private static void addNulls(final ObjectNode object, final Schema record) {
            for (final var field : record.getFields()) {
                if (!object.has(field.name()) && field.hasDefaultValue()
                        && field.defaultVal() == JsonProperties.NULL_VALUE) {
                    object.putNull(field.name());
                }
            }
        }
    }
}
