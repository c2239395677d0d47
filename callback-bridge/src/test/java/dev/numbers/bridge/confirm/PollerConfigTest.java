package dev.numbers.bridge.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.schemas.avro.Provider;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PollerConfigTest {

    @Test
    void printsNeitherTheSignalWireTokenNorTheTelnyxKey() {
        final var config = new PollerConfig(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofHours(24),
                "poller", "https://example.signalwire.com/api/relay/rest", "project-1", "PTsecret-token-value",
                "https://api.telnyx.com/v2", "KEYsecret-telnyx-value", 1_048_576, 10_000, Duration.ofDays(7), 5);

        assertThat(config.toString())
                .doesNotContain("PTsecret-token-value")
                .doesNotContain("KEYsecret-telnyx-value")
                .contains("signalwireToken=****", "telnyxApiKey=****", "project-1");
        assertThat(config.signalwire().toString()).doesNotContain("PTsecret-token-value").contains("token=****");
        assertThat(config.telnyx().toString()).doesNotContain("KEYsecret-telnyx-value").contains("apiKey=****");
    }

    @Test
    void theFlatKeysBindIntoOneRecordPerProviderWithTheDefaultsKept() {
        final var props = minimal();
        props.put("bridge.confirm.signalwire-base-url", "https://example.signalwire.com/api/relay/rest");
        props.put("bridge.confirm.signalwire-project-id", "project-1");
        props.put("bridge.confirm.signalwire-token", "token-1");
        props.put("bridge.confirm.telnyx-base-url", "https://api.telnyx.com/v2");
        try (var context = ApplicationContext.run(props)) {
            final var config = context.getBean(PollerConfig.class);
            assertThat(config.signalwire()).isEqualTo(new PollerConfig.SignalWire(
                    "https://example.signalwire.com/api/relay/rest", "project-1", "token-1"));
            assertThat(config.signalwire().configured()).isTrue();
            // a base URL without a key polls nothing
            assertThat(config.telnyx()).isEqualTo(new PollerConfig.Telnyx("https://api.telnyx.com/v2", null));
            assertThat(config.telnyx().configured()).isFalse();
            assertThat(config.pollAfter()).isEqualTo(Duration.ofMinutes(10));
            assertThat(config.maxAnswerBytes()).isEqualTo(1_048_576);
            assertThat(config.bounds()).isEqualTo(new PendingOrders.Bounds(10_000, Duration.ofDays(7), 5));
        }
    }

    @Test
    void onlyTheProvidersWithCredentialsArePolled() {
        final var none = new ProviderPolls(config(new PollerConfig.SignalWire("https://sw", "project-1", null),
                new PollerConfig.Telnyx(null, "key-1")));
        assertThat(none.forProvider(Provider.SIGNALWIRE)).isNull();
        assertThat(none.forProvider(Provider.TELNYX)).isNull();

        final var telnyx = new ProviderPolls(config(new PollerConfig.SignalWire(null, null, null),
                new PollerConfig.Telnyx("https://api.telnyx.com/v2", "key-1")));
        assertThat(telnyx.forProvider(Provider.TELNYX)).isInstanceOf(TelnyxPoll.class);
        assertThat(telnyx.forProvider(Provider.SIGNALWIRE)).isNull();

        final var signalWire = new ProviderPolls(config(new PollerConfig.SignalWire("https://sw", "project-1", "t"),
                new PollerConfig.Telnyx(null, null)));
        assertThat(signalWire.forProvider(Provider.SIGNALWIRE)).isInstanceOf(SignalWirePoll.class);
        assertThat(signalWire.forProvider(Provider.TELNYX)).isNull();
    }

    private static PollerConfig config(PollerConfig.SignalWire signalWire, PollerConfig.Telnyx telnyx) {
        return new PollerConfig(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofHours(24), "poller",
                signalWire, telnyx, 1_048_576, 10_000, Duration.ofDays(7), 5);
    }

    private static Map<String, Object> minimal() {
        final var props = new HashMap<String, Object>();
        props.put("bridge.order-state.enabled", "false");
        props.put("bridge.webhooks.signalwire-signing-key", "test-only-key");
        props.put("bridge.kafka.bootstrap-servers", "127.0.0.1:1");
        props.put("bridge.kafka.registry-url", "http://127.0.0.1:1/apis/ccompat/v7");
        return props;
    }
}
