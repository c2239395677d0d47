package dev.numbers.bridge.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollerConfigTest {

    @Test
    void printsNeitherTheSignalWireTokenNorTheTelnyxKey() {
        final var config = new PollerConfig(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofHours(24),
                "numbers.results", "numbers.order-states", "numbers.webhooks.raw", "poller",
                "https://example.signalwire.com/api/relay/rest", "project-1", "PTsecret-token-value",
                "https://api.telnyx.com/v2", "KEYsecret-telnyx-value", "numbers.webhooks.dlq", 1_048_576);

        assertThat(config.toString())
                .doesNotContain("PTsecret-token-value")
                .doesNotContain("KEYsecret-telnyx-value")
                .contains("signalwireToken=****", "telnyxApiKey=****", "project-1");
    }
}
