package dev.numbers.bridge.observe;

import dev.numbers.bridge.config.Settings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Traces (prefix {@code bridge.tracing}). Order-state events of an order the connector created continue the
 * request's trace whether or not spans are exported; they leave the process only when {@code otlpEndpoint} is set.
 *
 * @param otlpEndpoint OTLP/HTTP traces URL, e.g. {@code http://otel-collector:4318/v1/traces}; unset: no export
 * @param serviceName  the {@code service.name} the spans carry
 */
@ConfigurationProperties(TracingConfig.PREFIX)
public record TracingConfig(
        @Nullable String otlpEndpoint,
        @Bindable(defaultValue = "numbers-callback-bridge") String serviceName) {

    public static final String PREFIX = "bridge.tracing";

    public TracingConfig {
        Settings.required(PREFIX + ".service-name", serviceName);
    }
}
