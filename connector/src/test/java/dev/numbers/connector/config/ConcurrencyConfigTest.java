package dev.numbers.connector.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.connector.concurrency.ConcurrencyConfig;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

class ConcurrencyConfigTest {

    @Test
    void withNothingSetThereIsNoCapAndTheLimitStartsFromTheDefaults() {
        try (var context = ApplicationContext.run(ConfigurationTest.valid())) {
            assertThat(context.getBean(ConnectorConfig.class).maxInFlight()).isNull();
            assertThat(context.getBean(ConcurrencyConfig.class)).isEqualTo(ConcurrencyConfig.defaults());
        }
    }

    @Test
    void readsTheCapAndTheMemoryBudgetAsWritten() {
        final var props = ConfigurationTest.valid();
        props.put("connector.max-in-flight", 300);
        props.put("connector.concurrency.memory-per-request", "1MB");
        props.put("connector.concurrency.initial-limit", 32);
        try (var context = ApplicationContext.run(props)) {
            assertThat(context.getBean(ConnectorConfig.class).maxInFlight()).isEqualTo(300);
            assertThat(context.getBean(ConcurrencyConfig.class).memoryPerRequest()).isEqualTo(1024 * 1024);
            assertThat(context.getBean(ConcurrencyConfig.class).initialLimit()).isEqualTo(32);
        }
    }
}
