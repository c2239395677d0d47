package dev.numbers.bridge.deadletter;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the copies that go to the webhook dead-letter topic ({@code numbers.webhooks.dlq}): the original key, value
 * and headers, plus the same {@code numbers.error.*} headers as the connector's {@code numbers.requests.dlq}, and
 * counts them ({@code bridge.webhooks.dlq}, tagged {@code stage} and {@code reason}).
 */
public final class WebhookDeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeadLetters.class);

    public static final String PREFIX = "numbers.error.";
    /** A message is for people; a long one (a whole body echoed by a parser) is cut so the copy stays small. */
    static final int MAX_MESSAGE_CHARS = 1000;

    /** Where in the bridge a record failed: the {@code stage} tag. */
    public enum Stage {
        DESERIALIZATION, PROCESSING, POLL
    }

    /** Where the failed record was read; for a poll answer the topic is the URL that was asked. */
    public record Origin(String topic, int partition, long offset) {
    }

    private final String topic;
    private final MeterRegistry meters;

    public WebhookDeadLetters(final String topic, final MeterRegistry meters) {
        this.topic = topic;
        this.meters = meters;
    }

    public String topic() {
        return topic;
    }

    /**
     * The copy of a record that failed in the topology, or empty when the failure is not the record's (the registry
     * unreachable or refusing us): then the stream thread must fail instead, and health says why.
     */
    public Optional<ProducerRecord<byte[], byte[]>> forTopology(final Origin origin, final byte[] key,
            final byte[] value, final Headers original, final Stage stage, final Exception error) {
        if (Causes.registryUnavailable(error)) {
            LOG.warn("registry unavailable at {}-{}@{} ({}); failing the thread: {}", origin.topic(),
                    origin.partition(), origin.offset(), stage, error.getMessage());
            return Optional.empty();
        }
        final var reason = Causes.reason(error);
        LOG.warn("dead-lettering {}-{}@{} ({}, {}): {}", origin.topic(), origin.partition(), origin.offset(), stage,
                reason, error.getMessage());
        return Optional.of(of(origin, key, value, original, stage, reason, error));
    }

    /** The copy of one record, counted; {@code reason} is a short fixed word for the metric tag. */
    public ProducerRecord<byte[], byte[]> of(final Origin origin, final byte[] key, final byte[] value,
            final Headers original, final Stage stage, final String reason, final Throwable cause) {
        final var headers = original == null ? new RecordHeaders() : new RecordHeaders(original.toArray());
        add(headers, "topic", origin.topic());
        add(headers, "partition", Integer.toString(origin.partition()));
        add(headers, "offset", Long.toString(origin.offset()));
        add(headers, "exception", cause.getClass().getName());
        add(headers, "message", cut(String.valueOf(cause.getMessage())));
        final var stageTag = stage.name().toLowerCase(Locale.ROOT);
        add(headers, "stage", stageTag);
        meters.counter("bridge.webhooks.dlq", "stage", stageTag, "reason", reason).increment();
        return new ProducerRecord<>(topic, null, key, value, headers);
    }

    private static String cut(final String message) {
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private static void add(final Headers headers, final String name, final String value) {
        headers.add(PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
    }
}
