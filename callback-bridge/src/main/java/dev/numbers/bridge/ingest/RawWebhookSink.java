package dev.numbers.bridge.ingest;

import dev.numbers.bridge.kafka.KafkaClients;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.serde.SchemaRegistryException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one writer of the raw topic: the intake's verified webhooks and the confirmation poller's findings. Returns only
 * once the broker acknowledged a record (acks=all, idempotent; the producer is {@link KafkaClients}'s).
 */
@Singleton
public final class RawWebhookSink implements AutoCloseable {

    /**
     * Header on the raw records the confirmation poller writes, so the topology emits them with source POLL. Providers
     * cannot inject it: the webhook intake keeps only its own list of headers.
     */
    public static final String SOURCE_HEADER = "x-numbers-source";
    /** The value of {@link #SOURCE_HEADER} on the poller's records. */
    public static final String POLL = "poll";

    private final KafkaProducer<String, RawWebhook> producer;
    private final String topic;
    private final Timer produceLatency;
    private final MeterRegistry meters;
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();

    public RawWebhookSink(final KafkaClients kafka, final IntakeConfig config, final Serializer<RawWebhook> serializer,
            final MeterRegistry meters) {
        this.topic = config.rawTopic();
        this.meters = meters;
        this.produceLatency = Timer.builder("bridge.webhooks.produce")
                .description("time from webhook arrival to Kafka acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.producer = kafka.rawWebhookProducer(serializer, config.linger(), config.produceTimeout());
    }

    /** Blocks until the record is acknowledged; throws when it was not, so the caller answers 503. */
    public void write(final String key, final RawWebhook webhook) throws SinkUnavailable {
        final var started = System.nanoTime();
        try {
            producer.send(new ProducerRecord<>(topic, key, webhook)).get();
            produceLatency.record(Duration.ofNanos(System.nanoTime() - started));
        } catch (ExecutionException e) {
            failures.computeIfAbsent("kafka", this::failureCounter).increment();
            throw new SinkUnavailable("Kafka did not acknowledge the webhook: " + e.getCause().getClass()
                    .getSimpleName(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkUnavailable("interrupted while waiting for Kafka", e);
        } catch (SchemaRegistryException e) {
            // serialization runs inside send(): the registry refused us or is away; the webhook itself is fine
            failures.computeIfAbsent("registry", this::failureCounter).increment();
            throw new SinkUnavailable("the schema registry did not answer"
                    + (e.httpStatus() > 0 ? " (" + e.httpStatus() + ")" : ""), e);
        } catch (RuntimeException e) {
            // send() itself throws when metadata cannot be had within max.block.ms
            failures.computeIfAbsent("kafka", this::failureCounter).increment();
            throw new SinkUnavailable("Kafka is unreachable: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The topic every raw webhook goes to ({@code bridge.kafka.raw-topic}): the topology reads it from here. */
    public String topic() {
        return topic;
    }

    /** {@code bridge.webhooks.sink.failures{kind=kafka|registry}}: webhooks answered 503, by what was away. */
    private Counter failureCounter(final String kind) {
        return meters.counter("bridge.webhooks.sink.failures", "kind", kind);
    }

    @PreDestroy
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
