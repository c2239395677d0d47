package dev.numbers.schemas.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;

/**
 * One service's OpenTelemetry tracer (SDK, so spans get ids of their own and a request without a trace starts one).
 * Spans leave the process only when an OTLP endpoint is configured; without one nothing touches the network.
 * Deliberately not the global instance: tests run several services in one JVM, and the global can be set once.
 */
public final class Tracing implements AutoCloseable {

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private Tracing(final SdkTracerProvider provider, final String serviceName) {
        this.provider = provider;
        this.tracer = provider.get(serviceName);
    }

    /**
     * @param otlpEndpoint OTLP/HTTP traces URL (e.g. {@code http://collector:4318/v1/traces}); null or blank: no export
     */
    public static Tracing create(final String serviceName, final String otlpEndpoint) {
        final var builder = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName))))
                // A caller's sampling decision is kept; a trace we start is sampled (only exported when configured).
                .setSampler(Sampler.parentBased(Sampler.alwaysOn()));
        if (otlpEndpoint != null && !otlpEndpoint.isBlank()) {
            builder.addSpanProcessor(BatchSpanProcessor.builder(
                    OtlpHttpSpanExporter.builder().setEndpoint(otlpEndpoint).build()).build());
        }
        return new Tracing(builder.build(), serviceName);
    }

    public Tracer tracer() {
        return tracer;
    }

    /** Exports what is still buffered (bounded wait), then stops. */
    @Override
    public void close() {
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }
}
