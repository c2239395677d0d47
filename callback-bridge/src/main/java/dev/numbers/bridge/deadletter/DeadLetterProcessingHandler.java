package dev.numbers.bridge.deadletter;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' processing handler (KIP-1033/1034): a record that throws in a processor goes to the webhook
 * dead-letter topic as it was read from its source topic (raw key and value, headers, {@code numbers.error.*}), and
 * processing continues with the next record. An unavailable registry fails the thread instead.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private WebhookDeadLetters deadLetters;

    @Override
    public void configure(final Map<String, ?> configs) {
        this.deadLetters = DeadLetterHandlers.from(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final Record<?, ?> record,
            final Exception exception) {
        return deadLetters.forTopology(new WebhookDeadLetters.Origin(context.topic(), context.partition(),
                        context.offset()), context.sourceRawKey(), context.sourceRawValue(), context.headers(),
                        WebhookDeadLetters.Stage.PROCESSING, exception)
                .map(copy -> Response.resume(List.of(copy)))
                .orElseGet(Response::fail);
    }
}
