package dev.numbers.bridge.observe;

import dev.numbers.schemas.tracing.Tracing;
import io.opentelemetry.api.trace.Tracer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/** The bridge's tracer, built from {@link TracingConfig}; flushed and stopped with the application. */
@Singleton
public final class BridgeTracing implements AutoCloseable {

    private final Tracing tracing;

    public BridgeTracing(final TracingConfig config) {
        this.tracing = Tracing.create(config.serviceName(), config.otlpEndpoint());
    }

    public Tracer tracer() {
        return tracing.tracer();
    }

    @PreDestroy
    @Override
    public void close() {
        tracing.close();
    }
}
