package dev.numbers.bridge.deadletter;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Kafka Streams' deserialization handler (KIP-1034): a record whose bytes do not decode goes to the webhook
 * dead-letter topic with {@code numbers.error.*} headers, sent by Streams in the task's transaction, and processing
 * continues. An unavailable registry fails the thread instead (the record is fine; see {@link Causes}).
 *
 * <p>Streams' own DLQ ({@code errors.dead.letter.queue.topic.name}) writes {@code __streams.errors.*} headers with a
 * stack trace; we return our own records so both services' DLQs read alike and carry no stack traces.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private WebhookDeadLetters deadLetters;

    @Override
    public void configure(final Map<String, ?> configs) {
        this.deadLetters = DeadLetterHandlers.from(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
            final Exception exception) {
        return deadLetters.forTopology(new WebhookDeadLetters.Origin(record.topic(), record.partition(),
                        record.offset()), record.key(), record.value(), record.headers(),
                        WebhookDeadLetters.Stage.DESERIALIZATION, exception)
                .map(copy -> Response.resume(List.of(copy)))
                .orElseGet(Response::fail);
    }
}
