package dev.numbers.bridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.bridge.MinimalSettings;
import dev.numbers.bridge.config.InvalidSetting;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The intake's keys stay where users set them ({@code bridge.kafka.*}), and a bad one is named at start-up. */
class IntakeConfigTest {

    @Test
    void theKeysUsersHaveTodayStillBindWithTheCatalogueDefault() {
        final var timeout = MinimalSettings.of();
        timeout.put("bridge.kafka.produce-timeout", "7s");
        try (var context = ApplicationContext.run(timeout)) {
            final var config = context.getBean(IntakeConfig.class);
            assertThat(config.rawTopic()).isEqualTo("numbers.webhooks.raw");
            assertThat(config.produceTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(config.linger()).isEqualTo(Duration.ofMillis(2));
        }
        final var renamed = MinimalSettings.of();
        renamed.put("bridge.kafka.raw-topic", "team.raw");
        try (var context = ApplicationContext.run(renamed)) {
            assertThat(context.getBean(IntakeConfig.class).rawTopic()).isEqualTo("team.raw");
        }
    }

    @Test
    void aBadValueFailsNamingItsKey() {
        assertThatThrownBy(() -> new IntakeConfig("raw", Duration.ZERO, Duration.ofMillis(2)))
                .isInstanceOf(InvalidSetting.class)
                .hasMessage("bridge.kafka.produce-timeout must be above zero, was PT0S");
        assertThatThrownBy(() -> new IntakeConfig("raw", Duration.ofSeconds(5), Duration.ofMillis(-1)))
                .isInstanceOf(InvalidSetting.class).hasMessageStartingWith("bridge.kafka.linger must not be negative");
        final var blank = MinimalSettings.of();
        blank.put("bridge.kafka.raw-topic", " ");
        assertThatThrownBy(() -> ApplicationContext.run(blank).close())
                .hasStackTraceContaining("bridge.kafka.raw-topic must be set");
    }
}
