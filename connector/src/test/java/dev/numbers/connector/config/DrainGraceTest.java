package dev.numbers.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long a graceful stop waits for running requests: 20 s unless set, and only a sensible bound is accepted. */
class DrainGraceTest {

    @Test
    void aStopWaitsTwentySecondsUnlessConfigured() {
        try (var context = ApplicationContext.run(ConfigurationTest.valid())) {
            assertThat(context.getBean(ConnectorConfig.class).drainGrace()).isEqualTo(Duration.ofSeconds(20));
        }
        final var props = ConfigurationTest.valid();
        props.put("connector.drain-grace", "45s");
        try (var context = ApplicationContext.run(props)) {
            assertThat(context.getBean(ConnectorConfig.class).drainGrace()).isEqualTo(Duration.ofSeconds(45));
        }
    }

    @Test
    void aGraceOfZeroOrOfHoursIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new ConnectorConfig("http://bridge", null, "i", Duration.ZERO))
                .hasMessageContaining("connector.drain-grace");
        assertThatThrownBy(() -> new ConnectorConfig("http://bridge", null, "i", Duration.ofHours(1)))
                .hasMessageContaining("connector.drain-grace");
    }
}
