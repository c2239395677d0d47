package dev.numbers.bridge.kafka;

import dev.numbers.schemas.serde.SchemaRegistryClient;
import dev.numbers.schemas.serde.SerdeConfig;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * Every Kafka client of the bridge is built here, and only here: the raw-webhook producer (the one sink the intake
 * and the poller write through), the dead-letter producer, the poller's consumer, the admin clients and the Streams
 * client. A reader finds every client and its settings together, and a SASL or TLS setting of {@link KafkaConfig}
 * reaches all of them.
 */
@Singleton
public final class KafkaClients {

    private final KafkaConfig config;
    private final SchemaRegistryClient registry;

    public KafkaClients(final KafkaConfig config) {
        this.config = config;
        this.registry = SchemaRegistryClient.http(config.serde());
    }

    public KafkaConfig config() {
        return config;
    }

    /** The registry client's settings (URL, auth, trust store). */
    public SerdeConfig serde() {
        return config.serde();
    }

    /** The bridge's one registry client: its schema cache is shared by every serde of the process. */
    public SchemaRegistryClient registry() {
        return registry;
    }

    /**
     * The raw-webhook producer: idempotent, acks=all, its delivery timeout the produce timeout, so a record that was
     * not acknowledged when the provider got its 503 has expired in the producer too and is not delivered later.
     */
    public <V> KafkaProducer<String, V> rawWebhookProducer(final Serializer<V> values, final Duration linger,
            final Duration produceTimeout) {
        final var props = config.producer();
        props.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(linger.toMillis()));
        final var timeout = (int) produceTimeout.toMillis();
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(500, timeout - 100)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout));
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    /** Writes dead letters as the bytes they are (the poller's; the topology's go through Streams' own producer). */
    public KafkaProducer<byte[], byte[]> deadLetterProducer() {
        return new KafkaProducer<>(config.producer(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A consumer of raw bytes in {@code groupId}, read_committed, committing itself; values decoded by the caller. */
    public KafkaConsumer<String, byte[]> consumer(final String groupId) {
        return new KafkaConsumer<>(config.consumer(groupId), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** An admin client whose calls give up after {@code timeout}. */
    public Admin admin(final Duration timeout) {
        final var props = config.client();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return Admin.create(props);
    }

    /** The Streams client of a topology; {@code props} come from the order-state configuration and this one. */
    public KafkaStreams streams(final Topology topology, final Properties props) {
        return new KafkaStreams(topology, props);
    }
}
