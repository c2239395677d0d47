package dev.numbers.harness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker for tests, whichever way one can be had here.
 *
 * <p>{@link #shared()} hides the choice: an external cluster when {@code -Dkafka.bootstrap=...} is given, else as
 * {@code -Dharness.broker} says ({@link BrokerMode}): a single KRaft node inside this JVM ({@code KafkaClusterTestKit},
 * the default) or Testcontainers' Kafka. The shared broker lives until the JVM exits.
 */
public abstract class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private static KafkaBroker shared;

    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = choose();
            final var broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::closeQuietly, "kafka-broker-stop"));
        }
        return shared;
    }

    private static KafkaBroker choose() {
        final var external = System.getProperty("kafka.bootstrap", "").trim();
        if (!external.isEmpty()) {
            return new ExternalKafkaBroker(external);
        }
        final var choice = BrokerChoice.decide(BrokerMode.fromSystemProperty(), DockerEngine::local,
                ContainerKafkaBroker::requiredImages);
        if (choice instanceof BrokerChoice.InJvm inJvm && !inJvm.reason().isEmpty()) {
            LOG.warn("Kafka for tests: in-JVM broker, not a container: {}", inJvm.reason());
        }
        return choice instanceof BrokerChoice.Container ? ContainerKafkaBroker.start() : InJvmKafkaBroker.start();
    }

    public abstract String bootstrapServers();

    /** Admin client properties for this broker; callers add what they need. */
    public Properties clientProperties() {
        final var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    public Admin admin() {
        return Admin.create(clientProperties());
    }

    public void createTopic(final String name, final int partitions) {
        createTopic(name, partitions, Map.of());
    }

    public void createCompactedTopic(final String name, final int partitions) {
        createTopic(name, partitions, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    public void createTopic(final String name, final int partitions, final Map<String, String> configs) {
        try (var admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, replicationFactor()).configs(configs)))
                    .all()
                    .get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + name + ": " + e.getCause().getMessage(), e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name + ": " + e.getMessage(), e);
        }
    }

    /** How many copies a test topic gets: one on a one-node cluster. */
    protected short replicationFactor() {
        return 1;
    }

    void closeQuietly() {
        try {
            close();
        } catch (Exception ignored) {
            // the JVM is exiting; nothing useful to do with a failure to stop
        }
    }

    @Override
    public abstract void close() throws Exception;
}
