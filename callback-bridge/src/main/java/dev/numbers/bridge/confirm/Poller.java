package dev.numbers.bridge.confirm;

import dev.numbers.bridge.deadletter.WebhookDeadLetters;
import dev.numbers.bridge.ingest.RawWebhookSink;
import dev.numbers.bridge.ingest.SinkUnavailable;
import dev.numbers.bridge.kafka.KafkaClients;
import dev.numbers.bridge.observe.RegistryErrorMeter;
import dev.numbers.bridge.orderstate.OrderStateConfig;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OrderStateEvent;
import dev.numbers.schemas.avro.RawWebhook;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.RegistryErrors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callbacks are best-effort: orders still not final after {@code poll-after} without news are polled at the provider,
 * and each state found that was not reported is written to the raw topic like a webhook (marked as a poll), through
 * the intake's one {@link RawWebhookSink}, so it reaches {@code numbers.order-states} through the same dedupe,
 * ordering and correlation.
 *
 * <p>One thread, started by the application's start-up event (not the constructor): it reads {@code numbers.results}
 * and {@code numbers.order-states} (from {@code lookback} ago on every assignment, so a restart rebuilds the pending
 * set) and polls what is due between reads. Instances share the work through the consumer group. Its clients come
 * from {@link KafkaClients}; its health is {@link PollerHealth}'s.
 *
 * <p>What it reads feeds the pending set through {@link PendingReader}, which holds a partition while the registry
 * refuses instead of skipping its record.
 */
@Singleton
@Requires(property = "bridge.confirm.enabled", value = "true")
public final class Poller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    /** The mark on the raw records the poller writes ({@link RawWebhookSink#SOURCE_HEADER}). */
    public static final String SOURCE_HEADER = RawWebhookSink.SOURCE_HEADER;
    public static final String POLL = RawWebhookSink.POLL;

    private final PollerConfig config;
    private final String resultsTopic;
    private final String orderStatesTopic;
    private final PendingOrders pending;
    private final ProviderPolls providers;
    private final KafkaConsumer<String, byte[]> consumer;
    private final RawWebhookSink sink;
    private final KafkaProducer<byte[], byte[]> deadLetterProducer;
    private final WebhookDeadLetters deadLetters;
    private final DeadLetteredAnswers deadLettered = new DeadLetteredAnswers();
    private final PendingReader reader;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private volatile Thread thread;
    private volatile boolean running;

    public Poller(final PollerConfig config, final OrderStateConfig topics, final KafkaClients kafka,
            final RawWebhookSink sink, final MeterRegistry meters) {
        this.config = config;
        this.resultsTopic = topics.resultsTopic();
        this.orderStatesTopic = topics.orderStatesTopic();
        this.meters = meters;
        this.sink = sink;
        this.pending = new PendingOrders(config.bounds(), meters);
        this.providers = new ProviderPolls(config);
        final var registryErrors = RegistryErrorMeter.of(meters);
        this.reader = new PendingReader(resultsTopic,
                RegistryErrors.reporting(new ConfluentAvroDeserializer<>(NumberResult.class, kafka.registry()),
                        registryErrors),
                RegistryErrors.reporting(new ConfluentAvroDeserializer<>(OrderStateEvent.class, kafka.registry()),
                        registryErrors),
                pending, meters);
        this.consumer = kafka.consumer(config.groupId());
        this.deadLetterProducer = kafka.deadLetterProducer();
        this.deadLetters = new WebhookDeadLetters(topics.deadLetterTopic(), meters);
        meters.gauge("bridge.confirm.pending", pending, PendingOrders::size);
    }

    @EventListener
    void onStartup(final StartupEvent event) {
        start();
    }

    /** Starts the polling thread once. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("confirm-poller").daemon(true).start(this::run);
        LOG.info("confirmation polling on: {}", config);
    }

    /** Whether the polling thread runs (false before start, after close, or once it failed: the log says why). */
    boolean running() {
        final var polling = thread;
        return running && polling != null && polling.isAlive();
    }

    int pendingOrders() {
        return pending.size();
    }

    private void run() {
        consumer.subscribe(List.of(resultsTopic, orderStatesTopic), new ConsumerRebalanceListener() {
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
                reader.readAll(consumer.poll(Duration.ofMillis(200)), consumer);
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
                pending.unmappable(order, now);
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
            throws SinkUnavailable {
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
        sink.write(finding.objectId(), raw);
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

    @PreDestroy
    @Override
    public void close() throws InterruptedException {
        running = false;
        final var polling = thread;
        if (polling != null) {
            consumer.wakeup();
            polling.join(Duration.ofSeconds(10));
        } else {
            consumer.close(Duration.ofSeconds(5));
        }
        deadLetterProducer.close(Duration.ofSeconds(5));
    }
}
