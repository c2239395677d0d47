package dev.numbers.connector.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.schemas.tracing.TraceHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RequestTracingTest {

    private static final String SENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private final RequestTracing tracing = new RequestTracing(new TracingConfig(null, "test"));

    @Test
    void aRecordWritenWhileTheRequestRunsContinuesItsTraceWithASpanOfItsOwn() {
        final var request = new ConsumerRecord<byte[], byte[]>("requests", 0, 7, null, null);
        request.headers().add(TraceHeaders.TRACEPARENT, SENT.getBytes(StandardCharsets.UTF_8));
        final var span = tracing.start(request);
        final ProducerRecord<byte[], byte[]> result;
        try (var scope = span.makeCurrent()) {
            result = RequestTracing.traced(new ProducerRecord<>("results", new byte[0]));
        } finally {
            span.end();
        }
        final var written = new String(result.headers().lastHeader(TraceHeaders.TRACEPARENT).value(),
                StandardCharsets.UTF_8);
        assertThat(TraceHeaders.traceId(written)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(written).isNotEqualTo(SENT).endsWith("-01");
        assertThat(result.headers().headers(TraceHeaders.TRACEPARENT)).hasSize(1);
    }

    @Test
    void aRecordWithoutTraceStartsOneAndAMalformedOneIsIgnored() {
        final var request = new ConsumerRecord<byte[], byte[]>("requests", 0, 8, null, null);
        request.headers().add(TraceHeaders.TRACEPARENT, "00-not-a-trace".getBytes(StandardCharsets.UTF_8));
        final var span = tracing.start(request);
        assertThat(span.getSpanContext().isValid()).isTrue();
        assertThat(span.getSpanContext().getTraceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        span.end();
    }

    @Test
    void outsideARequestNothingIsWritten() {
        final var record = RequestTracing.traced(new ProducerRecord<>("results", new byte[0]));
        assertThat(record.headers().lastHeader(TraceHeaders.TRACEPARENT)).isNull();
    }
}
