package dev.numbers.connector.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionCountsTest {

    private final PartitionCounts atStart = new PartitionCounts(Map.of("numbers.intents", 6, "numbers.quotas", 3));

    @Test
    void theCountsItStartedWithLetItGoOn() {
        assertThat(atStart.changed(Map.of("numbers.intents", 6, "numbers.quotas", 3))).isEmpty();
        // A topic the probe could not describe this time is asked again next time, not taken as a change.
        assertThat(atStart.changed(Map.of("numbers.intents", 6))).isEmpty();
    }

    @Test
    void partitionsAddedToTheIntentsOrQuotasTopicAreAReasonToStopNamingTopicAndCounts() {
        assertThat(atStart.changed(Map.of("numbers.intents", 12, "numbers.quotas", 3))).get().asString()
                .contains("numbers.intents=6 -> 12").contains("stops taking requests")
                .doesNotContain("numbers.quotas=");
        assertThat(atStart.changed(Map.of("numbers.intents", 6, "numbers.quotas", 4))).get().asString()
                .contains("numbers.quotas=3 -> 4");
    }
}
