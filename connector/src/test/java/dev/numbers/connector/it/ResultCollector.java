package dev.numbers.connector.it;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the results and DLQ topics (read_committed) on its own thread for the whole test: results by request_id,
 * DLQ copies by the offset their headers name, each with the moment it was read.
 */
final class ResultCollector implements AutoCloseable {

    record Seen<T>(T value, Instant at) {
    }

    private final Map<String, Seen<NumberResult>> results = new ConcurrentHashMap<>();
    private final Map<Long, Seen<Map<String, String>>> deadLetters = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    ResultCollector(final String bootstrap, final SerdeConfig serde, final String resultsTopic, final String dlqTopic) {
        final var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "collector-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        reader = Thread.ofPlatform().daemon().name("result-collector").start(() -> {
            try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                 var deserializer = new ConfluentAvroDeserializer<>(NumberResult.class, serde)) {
                consumer.subscribe(List.of(resultsTopic, dlqTopic));
                while (running) {
                    for (final var record : consumer.poll(Duration.ofMillis(100))) {
                        if (record.topic().equals(resultsTopic)) {
                            final var result = deserializer.deserialize(record.topic(), record.headers(),
                                    record.value());
                            results.put(result.getRequestId().toString(), new Seen<>(result, Instant.now()));
                        } else {
                            final var headers = new TreeMap<String, String>();
                            record.headers().forEach(h -> headers.put(h.key(), new String(h.value(),
                                    StandardCharsets.UTF_8)));
                            // Replay markers (numbers dlq replay) and hand-made copies carry no source offset.
                            if (headers.containsKey("numbers.error.offset")) {
                                deadLetters.put(Long.parseLong(headers.get("numbers.error.offset")),
                                        new Seen<>(headers, Instant.now()));
                            }
                        }
                    }
                }
            }
        });
    }

    static ResultCollector on(final KafkaBroker broker, final SerdeConfig serde, final TestTopics topics) {
        return new ResultCollector(broker.bootstrapServers(), serde, topics.results(), topics.dlq());
    }

    Seen<NumberResult> result(final String requestId) {
        return results.get(requestId);
    }

    Seen<Map<String, String>> deadLetter(final long offset) {
        return deadLetters.get(offset);
    }

    int resultCount() {
        return results.size();
    }

    @Override
    public void close() {
        running = false;
        try {
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
