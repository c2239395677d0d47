package dev.numbers.connector.bench;

import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the results topic with {@code read_committed} (a result exists for users only once its transaction
 * committed) and notes when each request_id's result arrived here, in this JVM's clock, the same clock the
 * {@link RequestFeed} used, so no clock skew between processes enters a latency.
 */
final class ResultWatcher implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ConfluentAvroDeserializer<NumberResult> deserializer;
    private final String topic;
    /** When a result arrived here, and the connector's own started_at / finished_at stamps (wall clock). */
    record Arrival(long nanos, Instant wallClock, Instant startedAt, Instant finishedAt) {
    }

    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final Map<ResultStatus, AtomicInteger> statuses = new EnumMap<>(ResultStatus.class);
    private final AtomicInteger duplicates = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    ResultWatcher(final String bootstrap, final SerdeConfig serde, final String topic, final int partitions) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deserializer = new ConfluentAvroDeserializer<>(NumberResult.class, serde);
        for (final var status : ResultStatus.values()) {
            statuses.put(status, new AtomicInteger());
        }
        final var assigned = new ArrayList<TopicPartition>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(topic, p));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        this.thread = Thread.ofPlatform().name("result-watcher-" + topic).start(this::run);
    }

    private void run() {
        while (running) {
            final var records = consumer.poll(Duration.ofMillis(20));
            final long now = System.nanoTime();
            final var wallClock = Instant.now();
            for (final var record : records) {
                final var id = new String(record.key(), StandardCharsets.UTF_8);
                final var result = deserializer.deserialize(topic, record.value());
                if (arrivals.putIfAbsent(id, new Arrival(now, wallClock, result.getStartedAt(),
                        result.getFinishedAt())) != null) {
                    duplicates.incrementAndGet();
                }
                statuses.get(result.getStatus()).incrementAndGet();
            }
        }
        consumer.close();
    }

    int count() {
        return arrivals.size();
    }

    /** Waits until every one of {@code ids} has a result; false on timeout. */
    boolean awaitAll(final Collection<String> ids, final Duration within) throws InterruptedException {
        final long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (arrivals.keySet().containsAll(ids)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    Arrival arrival(final String requestId) {
        return arrivals.get(requestId);
    }

    int status(final ResultStatus status) {
        return statuses.get(status).get();
    }

    int duplicates() {
        return duplicates.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        deserializer.close();
    }
}
