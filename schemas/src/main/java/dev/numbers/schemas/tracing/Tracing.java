package dev.numbers.schemas.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
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
        } else {
            // Without any processor the SDK hands out its no-op tracer, whose spans only repeat the parent's ids and
            // cannot start a trace; this one keeps spans real (ids of their own) while nothing is exported.
            builder.addSpanProcessor(new KeepNothing());
        }
        return new Tracing(builder.build(), serviceName);
    }

    /** Spans are made and dropped: no export, no memory kept. */
    private static final class KeepNothing implements SpanProcessor {
        @Override
        public void onStart(final Context parent, final ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(final ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
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
