package dev.numbers.schemas.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TracingTest {

    @Test
    void withAnOtlpEndpointEndedSpansAreSentThere() throws Exception {
        final var received = new CopyOnWriteArrayList<String>();
        final var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            final var body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + new String(body, StandardCharsets.ISO_8859_1));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            final var tracing = Tracing.create("numbers-test",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
            tracing.tracer().spanBuilder("process numbers.requests").startSpan().end();
            tracing.close(); // flushes the batch
        } finally {
            server.stop(0);
        }
        assertThat(received).hasSize(1);
        assertThat(received.getFirst()).startsWith("POST application/x-protobuf")
                .contains("process numbers.requests", "numbers-test");
        System.out.printf("OTLP: the collector got %d request(s)%n", received.size());
    }

    @Test
    void withoutAnEndpointSpansStillHaveIdsOfTheirOwnAndContinueTheCallersTrace() {
        try (var tracing = Tracing.create("numbers-test", null)) {
            final var parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            final var span = tracing.tracer().spanBuilder("child").setParent(TraceHeaders.extract(parent)).startSpan();
            final var headers = new RecordHeaders();
            headers.add(TraceHeaders.TRACEPARENT, "stale".getBytes(StandardCharsets.UTF_8));
            TraceHeaders.inject(Context.root().with(span), headers);
            span.end();
            final var written = new String(headers.lastHeader(TraceHeaders.TRACEPARENT).value(),
                    StandardCharsets.UTF_8);
            assertThat(TraceHeaders.traceId(written)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(written).isNotEqualTo(parent);
            assertThat(headers.headers(TraceHeaders.TRACEPARENT)).hasSize(1);
            final var root = tracing.tracer().spanBuilder("root").setNoParent().startSpan();
            assertThat(root.getSpanContext().isValid()).isTrue();
            root.end();
            assertThat(Span.fromContext(TraceHeaders.extract("garbage")).getSpanContext().isValid()).isFalse();
        }
    }
}
