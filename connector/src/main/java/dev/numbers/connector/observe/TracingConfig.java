package dev.numbers.connector.observe;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * Traces (prefix {@code connector.tracing}). Spans are always made, so the {@code traceparent} on a result and on
 * the provider call continue the request's trace; they leave the process only when {@code otlpEndpoint} is set.
 *
 * @param otlpEndpoint OTLP/HTTP traces URL, e.g. {@code http://otel-collector:4318/v1/traces}; unset: no export
 * @param serviceName  the {@code service.name} the spans carry
 */
@ConfigurationProperties(TracingConfig.PREFIX)
public record TracingConfig(
        @Nullable String otlpEndpoint,
        @Bindable(defaultValue = "numbers-connector") @NotBlank String serviceName) {

    public static final String PREFIX = "connector.tracing";
}
