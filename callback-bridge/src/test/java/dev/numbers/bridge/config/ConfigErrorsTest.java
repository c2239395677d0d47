package dev.numbers.bridge.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.bridge.MinimalSettings;
import dev.numbers.bridge.management.ManagementConfig;
import dev.numbers.bridge.observe.TracingConfig;
import dev.numbers.bridge.orderstate.OrderStateConfig;
import dev.numbers.bridge.webhook.IntakeLimits;
import dev.numbers.bridge.webhook.WebhookConfig;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A value a component cannot work with stops the bridge at start-up with the key to fix, as the operator wrote it
 * ({@code bridge.order-state.fetch-min-bytes}), not the Java parameter bean validation would name.
 */
class ConfigErrorsTest {

    private static final Map<String, Class<?>> RECORDS = Map.of(
            "order-state", OrderStateConfig.class,
            "management", ManagementConfig.class,
            "tracing", TracingConfig.class,
            "limits", IntakeLimits.class,
            "webhooks", WebhookConfig.class);

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "bridge.order-state.fetch-min-bytes, 0, order-state, 'must be at least 1, was 0'",
        "bridge.order-state.max-assignments-per-order, 5001, order-state, must lie between 1 and 5000",
        "bridge.order-state.results-topic, ' ', order-state, must be set",
        "bridge.management.port, 70000, management, must lie between 1 and 65535",
        "bridge.tracing.service-name, ' ', tracing, must be set",
        "bridge.webhooks.limits.max-id-length, 4, limits, must lie between 8 and 1024",
        "bridge.webhooks.max-body-bytes, 10, webhooks, must lie between 256 and 10485760",
        "bridge.webhooks.public-base-url, ' ', webhooks, must be set"})
    void aBadValueStopsStartUpNamingItsKey(final String key, final String value, final String component,
            final String problem) {
        final var props = MinimalSettings.of();
        props.put(key, value);
        assertThatThrownBy(() -> {
            try (var context = ApplicationContext.run(props)) {
                context.getBean(RECORDS.get(component));
            }
        }).hasStackTraceContaining(key + " " + problem);
    }
}
