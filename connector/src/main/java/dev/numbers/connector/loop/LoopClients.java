package dev.numbers.connector.loop;

import dev.numbers.connector.config.KafkaClients;
import dev.numbers.connector.config.ConnectorConfig;
import dev.numbers.connector.config.KafkaConfig;
import dev.numbers.connector.config.RegistryConfig;
import dev.numbers.connector.config.TopicsConfig;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The request loop's Kafka clients, built from configuration: a read_committed consumer whose offsets move only
 * inside our transactions, and the transactional result producer with this instance's transactional.id.
 */
@Singleton
@Requires(property = "connector.loop.enabled", notEquals = "false")
public final class LoopClients {

    private final KafkaConfig kafka;
    private final TopicsConfig topics;
    private final ConnectorConfig config;
    private final RegistryConfig registry;
    private final MeterRegistry meters;

    public LoopClients(final KafkaConfig kafka, final TopicsConfig topics, final ConnectorConfig config,
                       final RegistryConfig registry, final MeterRegistry meters) {
        this.kafka = kafka;
        this.topics = topics;
        this.config = config;
        this.registry = registry;
        this.meters = meters;
    }

    TopicsConfig topics() {
        return topics;
    }

    ConnectorConfig config() {
        return config;
    }

    String transactionalIdPrefix() {
        return kafka.transactionalIdPrefix();
    }

    SerdeConfig serde() {
        return registry.serdeConfig();
    }

    /** What every client of this instance shares (bootstrap servers, security, client settings). */
    Map<String, Object> common() {
        return kafka.clientProperties();
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        final var consumer = KafkaClients.consumer(common(), "requests", props -> {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, topics.groupId());
            props.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
            props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            // Offsets move only inside our transactions, and only committed requests are read.
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        });
        new KafkaClientMetrics(consumer).bindTo(meters);
        return consumer;
    }

    ResultPublisher publisher() {
        return new ResultPublisher(() -> KafkaClients.producer(common(), "results", props -> {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId());
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
        }), () -> meters.counter("connector.producer.recreated").increment());
    }

    String transactionalId() {
        return kafka.transactionalIdPrefix() + "-" + topics.groupId() + "-" + config.instanceId();
    }
}
