package dev.numbers.harness;

import org.testcontainers.kafka.KafkaContainer;

/** Kafka in a container, the path taken wherever a Docker engine answers. */
final class ContainerKafkaBroker extends KafkaBroker {

    private static final String IMAGE = "apache/kafka:" + KafkaVersion.VERSION;

    private final KafkaContainer container;

    private ContainerKafkaBroker(final KafkaContainer container) {
        this.container = container;
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
