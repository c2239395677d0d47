package dev.numbers.sandbox.cli;

import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads a topic from the beginning without a consumer group (nothing committed, nothing to clean up) and prints each
 * record; stops at the end offsets seen at start unless following. A record that does not decode is reported and
 * skipped, so one bad record never hides the rest.
 */
final class TopicTail<T extends SpecificRecord> {

    private final KafkaOptions kafka;
    private final String topic;
    private final Class<T> type;

    TopicTail(final KafkaOptions kafka, final String topic, final Class<T> type) {
        this.kafka = kafka;
        this.topic = topic;
        this.type = type;
    }

    /**
     * @param follow  keep reading new records until interrupted (or until {@code limit} records were printed)
     * @param limit   stop after this many printed records; 0 for no limit
     * @return how many records were printed
     */
    int print(final PrintWriter out, final PrintWriter err, final boolean follow, final int limit,
              final Predicate<T> filter, final Function<T, String> format) {
        final Map<String, Object> config = kafka.common();
        config.put("enable.auto.commit", "false");
        config.put("default.api.timeout.ms", (int) kafka.timeout().toMillis());
        config.put("request.timeout.ms", (int) Math.min(kafka.timeout().toMillis(), 30_000));
        final var deserializer = new ConfluentAvroDeserializer<>(type, kafka.serde());
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            final var partitions = consumer.partitionsFor(topic, kafka.timeout()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new CliFailure("topic " + topic + " does not exist at " + kafka.bootstrap);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, kafka.timeout());
            int printed = 0;
            while (follow || !reached(consumer, partitions, end)) {
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    final T value;
                    try {
                        value = deserializer.deserialize(record.topic(), record.value());
                    } catch (final RuntimeException e) {
                        err.printf("skipped %s-%d@%d: %s%n", record.topic(), record.partition(), record.offset(),
                                CliFailure.describe(e));
                        continue;
                    }
                    if (value != null && filter.test(value)) {
                        out.println(format.apply(value));
                        out.flush();
                        printed++;
                        if (limit > 0 && printed >= limit) {
                            return printed;
                        }
                    }
                }
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
            return printed;
        }
    }

    private static boolean reached(final KafkaConsumer<?, ?> consumer, final List<TopicPartition> partitions,
                                   final Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.getOrDefault(p, 0L));
    }

    static String time(final Instant instant) {
        return instant == null ? "-" : instant.toString();
    }
}
