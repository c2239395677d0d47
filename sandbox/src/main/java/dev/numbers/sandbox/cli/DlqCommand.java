package dev.numbers.sandbox.cli;

import dev.numbers.schemas.topics.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code numbers dlq list | replay}: what is on the requests DLQ and why (from its numbers.error.* headers), and
 * re-publishing chosen records to the requests topic, as they were or with a fixed value. A replay is an ordinary
 * request: the connector's ledger answers a request_id that had in fact completed instead of executing it again.
 *
 * <p>Just over 250 lines, knowingly: the two subcommands are nested because they share the source options, the header
 * reading and the record id, which would otherwise be three files changed together.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Inspect and replay the requests DLQ.",
        subcommands = {DlqCommand.ListRecords.class, DlqReplay.class})
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
            // Only what was committed: a DLQ copy whose transaction aborted was retried, and its retry is here too.
            config.put("isolation.level", "read_committed");
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
            final var read = source.read();
            final var replayed = ReplayMarkers.of(read);
            final var records = ReplayMarkers.withoutMarkers(read);
            for (final var r : records) {
                final var h = r.headers();
                out.printf("%s  from %s-%s@%s  key=%s  %s: %s%s%s%n", id(r), header(h, ERROR + "topic"),
                        header(h, ERROR + "partition"), header(h, ERROR + "offset"),
                        r.key() == null ? "-" : new String(r.key(), StandardCharsets.UTF_8),
                        header(h, ERROR + "exception"), header(h, ERROR + "message"),
                        r.value() == null ? "  (value not copied: " + header(h, ERROR + "value-dropped") + ")" : "",
                        replayed.to(r).map(to -> "  (replayed to " + to + ")").orElse(""));
            }
            spec.commandLine().getErr().printf("%d record(s) on %s%n", records.size(), source.dlq);
            return NumbersCli.OK;
        }
    }
}
