package dev.numbers.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.connector.ledger.LedgerConfig;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LedgerConfigTest {

    @Test
    void defaultsAreADurableStoreAndASevenDayWindow() {
        try (var context = ApplicationContext.run(ConfigurationTest.valid())) {
            final var config = context.getBean(LedgerConfig.class);
            assertThat(config.store()).isEqualTo(LedgerConfig.Store.ROCKSDB);
            assertThat(config.dedupeWindow()).isEqualTo(Duration.ofDays(7));
            assertThat(config.clockMargin()).isEqualTo(Duration.ofMinutes(10));
            assertThat(config.expiryInterval()).isEqualTo(Duration.ofMinutes(10));
            assertThat(config.stateDir("pod-1")).isEqualTo(
                    Path.of(System.getProperty("java.io.tmpdir"), "numbers-connector", "pod-1"));
        }
    }

    @Test
    void bindsTheSettingsAsWritten() {
        final var props = ConfigurationTest.valid();
        props.put("connector.ledger.store", "memory");
        props.put("connector.ledger.state-dir", "/var/lib/numbers-connector");
        props.put("connector.ledger.dedupe-window", "1d");
        props.put("connector.ledger.clock-margin", "1m");
        try (var context = ApplicationContext.run(props)) {
            final var config = context.getBean(LedgerConfig.class);
            assertThat(config.store()).isEqualTo(LedgerConfig.Store.MEMORY);
            assertThat(config.stateDir("ignored")).isEqualTo(Path.of("/var/lib/numbers-connector"));
            assertThat(config.dedupeWindow()).isEqualTo(Duration.ofDays(1));
        }
    }

    @Test
    void aMarginAsLongAsTheWindowIsRefused() {
        assertThatThrownBy(() -> new LedgerConfig(6, (short) -1, LedgerConfig.Store.ROCKSDB, null, Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connector.ledger.clock-margin");
    }
}
