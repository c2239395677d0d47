package dev.numbers.connector.bench;

import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces SignalWire purchase requests, keyed by the number (the ordering key a team would choose), and remembers
 * for each request_id when it was meant to be sent. Latency is measured from that moment, not from when the
 * producer got round to it, so a stall in this JVM counts against the connector (no coordinated omission).
 */
final class RequestFeed implements AutoCloseable {

    private final String topic;
    private final String prefix;
    private final NumberSource numbers;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ConfluentAvroSerializer<NumberRequest> serializer;
    private final Map<String, Long> sentAtNanos = new ConcurrentHashMap<>();
    private final Map<String, Instant> sentAtWallClock = new ConcurrentHashMap<>();
    private int sequence;

    RequestFeed(final String bootstrap, final SerdeConfig serde, final String topic, final String prefix,
                final NumberSource numbers) {
        this.topic = topic;
        this.prefix = prefix;
        this.numbers = numbers;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 2, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.serializer = new ConfluentAvroSerializer<>(serde);
    }

    /** {@code count} requests as fast as the producer takes them: a backlog for throughput. */
    void backlog(final int count) {
        for (int i = 0; i < count; i++) {
            send(System.nanoTime());
        }
        producer.flush();
    }

    /** Open loop: request i is due at start + i/rate whatever happened before; returns how many were sent. */
    int paced(final double perSecond, final double seconds) {
        final long start = System.nanoTime();
        final int count = (int) Math.round(perSecond * seconds);
        for (int i = 0; i < count; i++) {
            final long due = start + (long) (i * 1e9 / perSecond);
            final long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(due);
        }
        producer.flush();
        return count;
    }

    private void send(final long dueNanos) {
        final var id = prefix + "-" + sequence++;
        final var number = numbers.next();
        final var request = NumberRequest.newBuilder().setRequestId(id).setRequestedAt(Instant.now())
                .setTenant("bench").setCorrelationId(null)
                .setOperation(SignalWirePurchasePhoneNumber.newBuilder().setNumber(number).build()).build();
        sentAtNanos.put(id, dueNanos);
        final var now = Instant.now();
        sentAtWallClock.put(id, now);
        producer.send(new ProducerRecord<>(topic, null, now.toEpochMilli(),
                number.getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, request)));
    }

    /** request_id → when it was due (System.nanoTime of this JVM). */
    Map<String, Long> sentAtNanos() {
        return sentAtNanos;
    }

    /** request_id → when it was handed to the producer (wall clock, comparable with the connector's stamps). */
    Map<String, Instant> sentAtWallClock() {
        return sentAtWallClock;
    }

    @Override
    public void close() {
        producer.close();
        serializer.close();
    }
}
