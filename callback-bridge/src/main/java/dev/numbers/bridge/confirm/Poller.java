package dev.numbers.bridge.confirm;

import dev.numbers.bridge.deadletter.WebhookDeadLetters;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.bridge.observe.RegistryErrorMeter;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.RegistryErrors;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.reactivestreams.Publisher;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import dev.numbers.bridge.kafka.KafkaConfig;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks are best-effort: orders still not final after {@code poll-after} without news are polled at the provider,
 * and each state found that was not reported is written to the raw topic like a webhook (marked as a poll), so it
 * reaches {@code numbers.order-states} through the same dedupe, ordering and correlation.
 *
 * <p>One thread: it reads {@code numbers.results} and {@code numbers.order-states} (from {@code lookback} ago on every
 * assignment, so a restart rebuilds the pending set) and polls what is due between reads. Instances share the work
 * through the consumer group.
 *
 * <p>About 260 lines, knowingly: the thread's read, poll and write steps share its consumer, producers and pending
 * set; the provider calls are in {@link ProviderPolls}, the answers' reading in {@link PollAnswers}.
 */
@Context
@Requires(property = "bridge.confirm.enabled", value = "true")
public final class Poller implements HealthIndicator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    /**
     * Header on the raw records the poller writes, so the topology emits them with source POLL. Providers cannot
     * inject it: the webhook intake keeps only its own list of headers.
     */
    public static final String SOURCE_HEADER = "x-numbers-source";
    public static final String POLL = "poll";

    private final PollerConfig config;
    private final PendingOrders pending = new PendingOrders();
    private final ProviderPolls providers;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, RawWebhook> producer;
    private final KafkaProducer<byte[], byte[]> deadLetterProducer;
    private final WebhookDeadLetters deadLetters;
    private final DeadLetteredAnswers deadLettered = new DeadLetteredAnswers();
    private final Deserializer<NumberResult> results;
    private final Deserializer<OrderStateEvent> states;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final Thread thread;
    private volatile boolean running = true;

    public Poller(final PollerConfig config,
            final KafkaConfig kafka,
            final MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
        this.providers = new ProviderPolls(config);
        // the same SASL/TLS and registry auth as the bridge's other clients: a secured cluster needs them all
        final var serdeConfig = kafka.serde();
        final var registry = SchemaRegistryClient.http(serdeConfig);
        final var registryErrors = RegistryErrorMeter.of(meters);
        this.results = RegistryErrors.reporting(new ConfluentAvroDeserializer<>(NumberResult.class, registry),
                registryErrors);
        this.states = RegistryErrors.reporting(new ConfluentAvroDeserializer<>(OrderStateEvent.class, registry),
                registryErrors);
        this.consumer = new KafkaConsumer<>(kafka.consumer(config.groupId()), new StringDeserializer(),
                new ByteArrayDeserializer());
        final var producerProps = kafka.producer();
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                RegistryErrors.reporting(new ConfluentAvroSerializer<RawWebhook>(registry, serdeConfig, false),
                        registryErrors));
        this.deadLetterProducer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                new ByteArraySerializer());
        this.deadLetters = new WebhookDeadLetters(config.deadLetterTopic(), meters);
        meters.gauge("bridge.confirm.pending", pending, PendingOrders::size);
        this.thread = Thread.ofPlatform().name("confirm-poller").daemon(true).start(this::run);
        LOG.info("confirmation polling on: {}", config);
    }

    private void run() {
        consumer.subscribe(List.of(config.resultsTopic(), config.orderStatesTopic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
                rewind(partitions);
            }

            @Override
            public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
                // the pending set of revoked partitions stays; another instance may poll the same order once more
            }
        });
        var nextCheck = clock.instant();
        try {
            while (running) {
                for (final var record : consumer.poll(Duration.ofMillis(200))) {
                    read(record.topic(), record.value(), Instant.ofEpochMilli(record.timestamp()));
                }
                final var now = clock.instant();
                if (!now.isBefore(nextCheck)) {
                    check(now);
                    nextCheck = now.plus(config.checkInterval());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("confirmation poller stopped", e);
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void rewind(final Collection<TopicPartition> partitions) {
        final var from = clock.instant().minus(config.lookback()).toEpochMilli();
        final var query = new HashMap<TopicPartition, Long>();
        partitions.forEach(p -> query.put(p, from));
        consumer.offsetsForTimes(query).forEach((partition, offset) -> {
            if (offset == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        });
    }

    private void read(final String topic, final byte[] value, final Instant at) {
        if (value == null) {
            return;
        }
        try {
            if (topic.equals(config.resultsTopic())) {
                pending.created(results.deserialize(topic, value), at);
            } else {
                pending.observed(states.deserialize(topic, value), at);
            }
        } catch (RuntimeException e) {
            LOG.warn("skipping an unreadable record on {}: {}", topic, e.getMessage());
        }
    }

    private void check(final Instant now) {
        for (final var order : pending.due(now, config.pollAfter())) {
            final var poll = providers.forProvider(order.provider());
            if (poll == null) {
                pending.polled(order, null, now);
                continue;
            }
            try {
                final var result = poll.poll(order, now);
                for (final var finding : result.findings()) {
                    write(order, finding, now);
                }
                pending.polled(order, result.orderState(), now);
                meters.counter("bridge.confirm.polls", "provider", order.provider().name(), "outcome",
                        result.findings().isEmpty() ? "unchanged" : "found").increment();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                return;
            } catch (UnmappableAnswer e) {
                pending.polled(order, null, now);
                meters.counter("bridge.confirm.polls", "provider", order.provider().name(), "outcome", "unmappable")
                        .increment();
                if (deadLettered.isNew(order.orderId(), e.body())) {
                    deadLetter(order, e);
                } else {
                    LOG.debug("{} answered the poll for order {} with the unmappable body dead-lettered before",
                            order.provider(), order.orderId());
                }
            } catch (Exception e) {
                pending.polled(order, null, now);
                meters.counter("bridge.confirm.polls", "provider", order.provider().name(), "outcome", "error")
                        .increment();
                LOG.warn("polling {} order {} failed: {}", order.provider(), order.orderId(), e.getMessage());
            }
        }
    }

    private void write(final PendingOrders.Pending order, final ProviderPoll.Finding finding, final Instant now)
            throws Exception {
        final var raw = RawWebhook.newBuilder()
                .setProvider(order.provider())
                .setObjectId(finding.objectId())
                .setUrl(finding.url())
                .setReceivedAt(now)
                .setHeaders(Map.of(SOURCE_HEADER, POLL, "content-type", "application/json"))
                .setBody(finding.body())
                // read from the provider's API with our credentials over TLS: as authentic as a signed callback
                .setSignatureVerified(true)
                .build();
        producer.send(new ProducerRecord<>(config.rawTopic(), finding.objectId(), raw)).get(30, TimeUnit.SECONDS);
    }

    /**
     * Keeps an answer that could not be mapped, as the provider sent it, for whoever debugs the provider. Origin: the
     * URL asked (no partition or offset: it was not read from Kafka).
     */
    private void deadLetter(final PendingOrders.Pending order, final UnmappableAnswer e) {
        LOG.warn("{} answered an unmappable poll for order {}: {}; dead-lettered", order.provider(), order.orderId(),
                e.getMessage());
        final var record = deadLetters.of(new WebhookDeadLetters.Origin(e.url(), -1, -1),
                order.orderId().getBytes(StandardCharsets.UTF_8), e.body(), null,
                WebhookDeadLetters.Stage.POLL, "unmappable_answer", e);
        try {
            deadLetterProducer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception failed) {
            LOG.warn("could not dead-letter the answer about order {}: {}", order.orderId(), failed.toString());
        }
    }

    /** DOWN once the polling thread has stopped (closed, or failed: the log says why). */
    HealthResult health() {
        final boolean up = running && thread.isAlive();
        return HealthResult.builder("confirm-poller", up ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("pending_orders", pending.size()))
                .build();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(health());
    }

    @PreDestroy
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10));
        producer.close(Duration.ofSeconds(5));
        deadLetterProducer.close(Duration.ofSeconds(5));
    }
}
