package dev.numbers.connector.observe;

import dev.numbers.schemas.tracing.TraceHeaders;
import dev.numbers.schemas.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The trace of each request: a span that continues the {@code traceparent} of the request record (or starts a trace
 * when it has none), current while the request runs, so the ledger's STARTED record, the provider call and the
 * result record all carry it.
 */
@Singleton
public final class RequestTracing implements AutoCloseable {

    private final Tracing tracing;

    public RequestTracing(final TracingConfig config) {
        this.tracing = Tracing.create(config.serviceName(), config.otlpEndpoint());
    }

    /** Starts the span of one request record; the caller makes it current while the request runs, then ends it. */
    public Span start(final ConsumerRecord<?, ?> record) {
        return tracing.tracer().spanBuilder("process " + record.topic())
                .setParent(TraceHeaders.extract(record.headers()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .startSpan();
    }

    /** Puts the current trace on a record this request writes (its result, its intents). */
    public static <K, V> ProducerRecord<K, V> traced(final ProducerRecord<K, V> record) {
        TraceHeaders.inject(Context.current(), record.headers());
        return record;
    }

    @PreDestroy
    @Override
    public void close() {
        tracing.close();
    }
}
