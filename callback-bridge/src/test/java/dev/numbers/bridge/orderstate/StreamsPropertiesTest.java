package dev.numbers.bridge.orderstate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.bridge.MinimalSettings;
import dev.numbers.bridge.ingest.IntakeConfig;
import dev.numbers.bridge.kafka.KafkaConfig;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings the bridge benchmark showed to cost less CPU per webhook are what a bridge gets without
 * configuring anything, and an operator can still put Kafka's own values back.
 */
class StreamsPropertiesTest {

    private static Map<String, Object> minimal() {
        return MinimalSettings.of();
    }

    @Test
    void byDefaultTheTopologyFetchesInBatches() throws Exception {
        try (var context = ApplicationContext.run(minimal())) {
            final var kafka = context.getBean(KafkaConfig.class);
            final var props = StreamsProperties.of(context.getBean(OrderStateConfig.class), kafka);
            assertThat(props).containsEntry("main.consumer.fetch.max.wait.ms", "20")
                    .containsEntry("main.consumer.fetch.min.bytes", "65536")
                    .containsEntry("commit.interval.ms", "100")
                    .containsEntry("processing.guarantee", "exactly_once_v2")
                    .containsEntry("bootstrap.servers", "127.0.0.1:1");
            assertThat(context.getBean(IntakeConfig.class).linger()).isEqualTo(Duration.ofMillis(2));
        }
    }

    @Test
    void theTypedSettingsAndThePassthroughOverrideTheBatching() throws Exception {
        final var typed = minimal();
        typed.put("bridge.order-state.fetch-max-wait", "10ms");
        typed.put("bridge.order-state.fetch-min-bytes", "1");
        try (var context = ApplicationContext.run(typed)) {
            assertThat(StreamsProperties.of(context.getBean(OrderStateConfig.class),
                    context.getBean(KafkaConfig.class)))
                    .containsEntry("main.consumer.fetch.max.wait.ms", "10")
                    .containsEntry("main.consumer.fetch.min.bytes", "1");
        }
        final var passthrough = minimal();
        passthrough.put("bridge.order-state.properties.main.consumer.fetch.max.wait.ms", "500");
        try (var context = ApplicationContext.run(passthrough)) {
            assertThat(StreamsProperties.of(context.getBean(OrderStateConfig.class),
                    context.getBean(KafkaConfig.class)))
                    .containsEntry("main.consumer.fetch.max.wait.ms", "500")
                    .containsEntry("main.consumer.fetch.min.bytes", "65536");
        }
    }
}
