package dev.numbers.connector.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantLimitsTest {

    private static QuotaConfig config(final Map<String, Integer> totals) {
        return new QuotaConfig(null, 10, Map.of(), totals, 6, (short) -1, Duration.ofSeconds(10),
                Duration.ofSeconds(8));
    }

    @Test
    void aTenantAsAProducerSpellsItMeetsTheOverrideWrittenForIt() {
        final var config = config(Map.of("team-a", 2));

        assertThat(config.limits("Team-A ")).contains(new QuotaConfig.Limits(null, 2));
        assertThat(config.limits("TEAM-A")).contains(new QuotaConfig.Limits(null, 2));
        assertThat(config.named(" team-A")).isTrue();
        assertThat(config.limits("team-b")).contains(new QuotaConfig.Limits(null, 10));
    }

    @Test
    void anOverrideKeyIsComparedTheSameWay() {
        assertThat(config(Map.of("Team-A", 2)).limits("team-a")).contains(new QuotaConfig.Limits(null, 2));
    }

    @Test
    void twoOverridesForOneTenantStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> config(Map.of("Team-A", 2, "team-a", 3)))
                .hasMessageContaining("connector.quotas.tenant-total").hasMessageContaining("named twice");
    }
}
