package dev.numbers.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.connector.quota.QuotaConfig;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaConfigTest {

    @Test
    void quotasAreOffWhenNothingIsSet() {
        try (var context = ApplicationContext.run(ConfigurationTest.valid())) {
            final var config = context.getBean(QuotaConfig.class);
            assertThat(config.enabled()).isFalse();
            assertThat(config.limits("team-a")).isEmpty();
            assertThat(config.transactionTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(config.reserveTimeout()).isEqualTo(Duration.ofSeconds(8));
        }
    }

    @Test
    void tenantOverridesKeepTheTenantNameAsWrittenAndMinusOneLiftsTheDefault() {
        final var props = ConfigurationTest.valid();
        props.put("connector.quotas.per-day", "10");
        props.put("connector.quotas.total", "100");
        props.put("connector.quotas.tenant-per-day.Team.Blue", "2");
        props.put("connector.quotas.tenant-total.Team.Blue", "-1");
        props.put("connector.quotas.tenant-total.ops", "0");
        try (var context = ApplicationContext.run(props)) {
            final var config = context.getBean(QuotaConfig.class);
            assertThat(config.enabled()).isTrue();
            assertThat(config.limits("Team.Blue")).contains(new QuotaConfig.Limits(2, null));
            assertThat(config.limits("ops")).contains(new QuotaConfig.Limits(10, 0));
            assertThat(config.limits("anyone")).contains(new QuotaConfig.Limits(10, 100));
            assertThat(config.limits(null)).as("a request without a tenant").isEmpty();
            assertThat(config.named("Team.Blue")).isTrue();
            assertThat(config.named("anyone")).isFalse();
        }
    }

    @Test
    void aReserveTimeoutAsLongAsTheTransactionTimeoutIsRefused() {
        assertThatThrownBy(() -> new QuotaConfig(1, null, Map.of(), Map.of(), 6, (short) -1, Duration.ofSeconds(5),
                Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connector.quotas.reserve-timeout");
    }
}
