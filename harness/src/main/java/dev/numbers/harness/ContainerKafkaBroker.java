package dev.numbers.harness;

import java.util.ArrayList;
import java.util.List;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.TestcontainersConfiguration;

/** Kafka in a container (Testcontainers), when {@code -Dharness.broker} asks for one and the engine can give it. */
final class ContainerKafkaBroker extends KafkaBroker {

    static final String IMAGE = "apache/kafka:" + KafkaVersion.VERSION;

    private final KafkaContainer container;

    private ContainerKafkaBroker(final KafkaContainer container) {
        this.container = container;
    }

    /**
     * Every image starting this broker needs: Kafka's, plus the ones Testcontainers starts on its own (its reaper,
     * unless {@code TESTCONTAINERS_RYUK_DISABLED=true}; its small check image, unless its checks are disabled). The
     * two defaults are those of the Testcontainers version in use (its configuration API names them without tag).
     */
    static List<String> requiredImages() {
        final var config = TestcontainersConfiguration.getInstance();
        final var images = new ArrayList<>(List.of(IMAGE));
        if (!Boolean.parseBoolean(config.getEnvVarOrProperty("ryuk.disabled", "false"))) {
            images.add(config.getEnvVarOrProperty("ryuk.container.image", "testcontainers/ryuk:0.11.0"));
        }
        if (!config.isDisableChecks()) {
            images.add(config.getEnvVarOrProperty("tinyimage.container.image", "alpine:3.17"));
        }
        return images;
    }

    static ContainerKafkaBroker start() {
        final var container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new ContainerKafkaBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
