package dev.numbers.connector.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

class KafkaRetryBackoffTest {

    @Test
    void retriesKafkaRequestsAfter10msByDefaultSoBackToBackTransactionsDoNotStall() {
        try (var context = ApplicationContext.run(ConfigurationTest.valid())) {
            assertThat(context.getBean(KafkaConfig.class).properties())
                    .containsEntry("retry.backoff.ms", "10")
                    .containsEntry("client.id", "numbers-connector");
        }
    }

    @Test
    void letsUsersChooseTheirOwnRetryBackoff() {
        final var props = ConfigurationTest.valid();
        props.put("connector.kafka.properties.retry.backoff.ms", "250");
        try (var context = ApplicationContext.run(props)) {
            assertThat(context.getBean(KafkaConfig.class).properties()).containsEntry("retry.backoff.ms", "250");
        }
    }
}
