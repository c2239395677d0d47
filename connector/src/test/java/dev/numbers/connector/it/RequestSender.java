package dev.numbers.connector.it;

import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SerdeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces purchase requests as a user's service would: keyed by the phone number (the ordering key), Avro in the
 * Confluent framing, acks=all and idempotent, so a broker restart in between loses none and doubles none.
 */
final class RequestSender implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final ConfluentAvroSerializer<NumberRequest> serializer;
    private final String topic;
    private Thread pacer;

    RequestSender(final String bootstrap, final String registry, final String topic) {
        final var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.serializer = new ConfluentAvroSerializer<>(SerdeConfig.of(registry));
        this.topic = topic;
    }

    /** Sends and waits until the broker acknowledged every one. */
    void send(final List<Purchase> purchases) {
        for (final var purchase : purchases) {
            producer.send(new ProducerRecord<>(topic, purchase.number().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, purchase.request())));
        }
        producer.flush();
    }

    /** Sends any requests, each keyed by its request_id, and waits until the broker acknowledged every one. */
    void sendRequests(final List<NumberRequest> requests) {
        for (final var request : requests) {
            producer.send(new ProducerRecord<>(topic, request.getRequestId().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, request)));
        }
        producer.flush();
    }

    /** Sends each purchase once more under {@code otherKey} + its number: another partition than its first record's. */
    void sendUnderKey(final List<Purchase> purchases, final String otherKey) {
        for (final var purchase : purchases) {
            producer.send(new ProducerRecord<>(topic, (otherKey + purchase.number()).getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, purchase.request())));
        }
        producer.flush();
    }

    /**
     * Sends each purchase twice, under its number and under {@code otherKey} + its number, interleaved, as two
     * producers that choose keys differently would: the two records land on different partitions.
     */
    void sendTwiceUnderTwoKeys(final List<Purchase> purchases, final String otherKey) {
        for (final var purchase : purchases) {
            final var value = serializer.serialize(topic, purchase.request());
            producer.send(new ProducerRecord<>(topic, purchase.number().getBytes(StandardCharsets.UTF_8), value));
            producer.send(new ProducerRecord<>(topic, (otherKey + purchase.number()).getBytes(StandardCharsets.UTF_8),
                    value));
        }
        producer.flush();
    }

    /**
     * Sends {@code purchases} in batches of {@code batch}, one batch every {@code every}, on a virtual thread, so
     * requests keep arriving while the test breaks something. The pacing sleep is the point: it is the flow.
     */
    Thread sendPaced(final List<Purchase> purchases, final int batch, final Duration every) {
        pacer = Thread.ofVirtual().name("request-sender").start(() -> {
            for (int from = 0; from < purchases.size(); from += batch) {
                send(purchases.subList(from, Math.min(purchases.size(), from + batch)));
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return pacer;
    }

    @Override
    public void close() {
        if (pacer != null) {
            pacer.interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        serializer.close();
    }
}
