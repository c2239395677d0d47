package dev.numbers.sandbox.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code numbers dlq replay}: re-publishes chosen DLQ records, as they were or with a fixed value, to the topic each
 * came from (its {@code numbers.error.topic} header; {@code --to} overrides). Safe to repeat: each copy goes out in
 * one transaction with a marker on the DLQ ({@link ReplayMarkers}), and a record with a committed marker is not
 * replayed again. The transactional id is the DLQ's, so a second replay running at the same time fences the first
 * before reading the markers. {@code --dry-run} lists what would go where and writes nothing. A replay is an
 * ordinary request: the connector's ledger answers a request_id that had completed instead of executing it again.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-publish DLQ records to the topic each came from, as they were or with --fixed-request;"
                + " each record at most once. The connector's ledger answers a request that had completed instead"
                + " of executing it again.")
final class DlqReplay implements Callable<Integer> {

    private static final String TOPIC_HEADER = DlqCommand.ERROR + "topic";

    @Mixin
    DlqCommand.Source source;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--to", paramLabel = "TOPIC",
            description = "Send every replayed record here instead of the topic it came from.")
    String to;

    @Option(names = "--id", paramLabel = "PARTITION@OFFSET", split = ",",
            description = "DLQ records to replay, as `numbers dlq list` names them.")
    List<String> ids = List.of();

    @Option(names = "--all", description = "Replay every record on the DLQ not replayed before.")
    boolean all;

    @Option(names = "--dry-run", description = "List what would be replayed, and where to; write nothing.")
    boolean dryRun;

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
        final var fixed = fixedRequest == null ? null : fixedRequest();
        if (dryRun) {
            final var plan = plan();
            plan.forEach(r -> spec.commandLine().getOut().printf("%s -> %s (dry run)%n", DlqCommand.id(r),
                    destination(r)));
            spec.commandLine().getErr().printf("would replay %d record(s); nothing written%n", plan.size());
            return NumbersCli.OK;
        }
        final Map<String, Object> config = source.kafka.common();
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("max.block.ms", (int) source.kafka.timeout().toMillis());
        config.put("transactional.id", "numbers-cli-dlq-replay-" + source.dlq);
        config.put("client.id", "numbers-cli-dlq-replay-" + UUID.randomUUID().toString().substring(0, 8));
        int replayed = 0;
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Fences an earlier replay of this DLQ still running; its markers are committed or never will be.
            producer.initTransactions();
            for (final var r : plan()) {
                final var value = fixed != null ? encoded(fixed, destination(r)) : r.value();
                if (value == null) {
                    spec.commandLine().getErr().printf("skipped %s: its value was not copied to the DLQ%n",
                            DlqCommand.id(r));
                    continue;
                }
                producer.beginTransaction();
                final var meta = producer.send(copy(r, value)).get(source.kafka.timeout().toMillis() + 30_000,
                        TimeUnit.MILLISECONDS);
                final var where = meta.topic() + "-" + meta.partition() + "@" + meta.offset();
                producer.send(ReplayMarkers.marker(source.dlq, r, where));
                producer.commitTransaction();
                spec.commandLine().getOut().printf("%s -> %s%s%n", DlqCommand.id(r), where,
                        fixed != null ? " (fixed)" : "");
                replayed++;
            }
        } catch (final ExecutionException e) {
            throw new CliFailure("could not replay: " + CliFailure.describe(e.getCause()));
        } catch (final TimeoutException e) {
            throw new CliFailure("Kafka did not acknowledge the replay within " + source.kafka.timeoutSeconds + "s");
        } catch (final KafkaException e) {
            throw new CliFailure("could not replay (nothing of the record in progress was published): "
                    + CliFailure.describe(e));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
        spec.commandLine().getErr().printf("replayed %d record(s)%n", replayed);
        return NumbersCli.OK;
    }

    /**
     * The records to replay now: the ones named (or all), minus those a committed marker says were replayed; an
     * already replayed record is named on stderr, an unknown id is an error, a record with nowhere to go too.
     */
    private List<ConsumerRecord<byte[], byte[]>> plan() {
        final var read = source.read();
        final var markers = ReplayMarkers.of(read);
        final var wanted = Set.copyOf(ids);
        final var chosen = ReplayMarkers.withoutMarkers(read).stream()
                .filter(r -> all || wanted.contains(DlqCommand.id(r))).toList();
        final var missing = new ArrayList<>(wanted);
        chosen.forEach(r -> missing.remove(DlqCommand.id(r)));
        if (!missing.isEmpty()) {
            throw new CliFailure("not on " + source.dlq + ": " + String.join(", ", missing));
        }
        final var plan = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        for (final var r : chosen) {
            final var done = markers.to(r);
            if (done.isPresent()) {
                spec.commandLine().getErr().printf("skipped %s: replayed already, to %s%n", DlqCommand.id(r),
                        done.get());
            } else if (destination(r) == null) {
                throw new CliFailure(DlqCommand.id(r) + " has no " + TOPIC_HEADER + " header: name the topic with"
                        + " --to");
            } else {
                plan.add(r);
            }
        }
        return plan;
    }

    private String destination(final ConsumerRecord<byte[], byte[]> r) {
        return to != null ? to : DlqCommand.header(r.headers(), TOPIC_HEADER);
    }

    private ProducerRecord<byte[], byte[]> copy(final ConsumerRecord<byte[], byte[]> r, final byte[] value) {
        final var copy = new ProducerRecord<>(destination(r), null, r.key(), value);
        // The original headers (trace context) go along; the error headers stay on the DLQ.
        r.headers().forEach(h -> {
            if (!h.key().startsWith(DlqCommand.ERROR)) {
                copy.headers().add(h);
            }
        });
        copy.headers().add(DlqCommand.REPLAYED_FROM, (source.dlq + "-" + DlqCommand.id(r))
                .getBytes(StandardCharsets.UTF_8));
        return copy;
    }

    /** The fixed request, validated against the contract. */
    private NumberRequest fixedRequest() {
        final NumberRequest request;
        try {
            final var json = withNullDefaults(Files.readString(fixedRequest));
            request = new SpecificDatumReader<>(NumberRequest.class).read(null,
                    DecoderFactory.get().jsonDecoder(NumberRequest.getClassSchema(), json));
        } catch (IOException | RuntimeException e) {
            throw new CliFailure("--fixed-request " + fixedRequest + " is not a NumberRequest in Avro JSON: "
                    + CliFailure.describe(e));
        }
        return request;
    }

    /** Encoded as the connector reads it from {@code topic}. */
    private byte[] encoded(final NumberRequest request, final String topic) {
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
