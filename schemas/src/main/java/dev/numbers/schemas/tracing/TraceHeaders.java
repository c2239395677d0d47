package dev.numbers.schemas.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Headers;

/**
 * W3C trace context ({@code traceparent}, {@code tracestate}) on Kafka record headers and HTTP requests. A header that
 * is missing or malformed yields the root context: the record then starts a new trace instead of failing.
 */
public final class TraceHeaders {

    public static final String TRACEPARENT = "traceparent";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Headers> KAFKA = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(final Headers headers) {
            return StreamSupport.stream(headers.spliterator(), false).map(h -> h.key()).toList();
        }

        @Override
        public String get(final Headers headers, final String key) {
            final var header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<BiConsumer<String, String>> PUT = (put, key, value) -> put.accept(key, value);

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(final Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(final Map<String, String> carrier, final String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceHeaders() {
    }

    /** The trace context a record carries, or the root context when it carries none. */
    public static Context extract(final Headers headers) {
        return W3C.extract(Context.root(), headers, KAFKA);
    }

    /** The trace context of a {@code traceparent} value kept elsewhere (e.g. in a state store); root when null. */
    public static Context extract(final String traceparent) {
        return traceparent == null ? Context.root()
                : W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP);
    }

    /** Sets the context's trace headers on a record, replacing any it had (a result must not keep a stale one). */
    public static void inject(final Context context, final Headers headers) {
        W3C.fields().forEach(headers::remove);
        inject(context, (key, value) -> headers.add(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Hands the context's trace headers to {@code put}: nothing when the context has no valid span. */
    public static void inject(final Context context, final BiConsumer<String, String> put) {
        W3C.inject(context, put, PUT);
    }

    /** The {@code traceparent} of the context's span, or null when it has no valid one. */
    public static String traceparent(final Context context) {
        final var out = new String[1];
        inject(context, (key, value) -> {
            if (TRACEPARENT.equals(key)) {
                out[0] = value;
            }
        });
        return out[0];
    }

    /** The trace id of a {@code traceparent} header value; empty string when it is not a valid one. */
    public static String traceId(final String traceparent) {
        final var span = Span.fromContext(extract(traceparent)).getSpanContext();
        return span.isValid() ? span.getTraceId() : "";
    }

    /** The header names the W3C propagator reads and writes. */
    public static List<String> fields() {
        return List.copyOf(W3C.fields());
    }
}
