package dev.numbers.bridge.orderstate;

import dev.numbers.bridge.observe.BridgeTracing;
import dev.numbers.bridge.observe.RegistryErrorMeter;
import dev.numbers.bridge.deadletter.DeadLetterHandlers;
import dev.numbers.bridge.deadletter.WebhookDeadLetters;
import dev.numbers.bridge.ingest.RawWebhookSink;
import dev.numbers.bridge.kafka.KafkaClients;
import dev.numbers.bridge.kafka.StartUpTopics;
import dev.numbers.bridge.webhook.FieldRules;
import dev.numbers.bridge.webhook.IntakeLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kafka Streams instance running {@link OrderTopology} (exactly_once_v2), started with the application
 * and closed gracefully with it (in-flight transaction committed or aborted, state stores flushed).
 *
 * <p>A record that fails goes to the dead-letter topic and the topology goes on; a thread that dies anyway (the
 * registry away, a bug) is replaced a bounded number of times ({@link ThreadReplacements}), then the client shuts
 * down and {@link OrderStateHealth} reports DOWN.
 */
@Context
@Requires(property = "bridge.order-state.enabled", notEquals = "false")
public final class OrderStateStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderStateStreams.class);

    private final KafkaStreams streams;
    private final OrderStateConfig config;
    private final ThreadReplacements replacements;
    private final KafkaStreamsMetrics clientMetrics;

    public OrderStateStreams(final OrderStateConfig config, final KafkaClients kafka, final RawWebhookSink sink,
            final IntakeLimits limits, final MeterRegistry meters, final BridgeTracing tracing) throws IOException {
        this.config = config;
        final var registryErrors = RegistryErrorMeter.of(meters);
        final var topology = OrderTopology.build(config.topics(sink.topic()),
                OrderSerdes.of(kafka.registry(), kafka.serde(), registryErrors),
                new OrderStateLag(meters, Clock.systemUTC()), tracing.tracer(),
                new FieldRules(limits, Clock.systemUTC()), config.maxAssignmentsPerOrder(), config.dedupeWindow());
        final var props = StreamsProperties.of(config, kafka.config());
        StartUpTopics.ensure(kafka, config.deadLetterTopic(), "dead-letter");
        // new with the object lives: an existing deployment has no such topic yet
        StartUpTopics.ensure(kafka, config.objectStatesTopic(), "object-states");
        DeadLetterHandlers.configure(props, new WebhookDeadLetters(config.deadLetterTopic(), meters));
        this.streams = kafka.streams(topology, props);
        this.replacements = new ThreadReplacements(config.maxThreadReplacements(), config.threadReplacementWindow(),
                Clock.systemUTC());
        streams.setUncaughtExceptionHandler(e -> {
            final var response = replacements.onFailure(e);
            meters.counter("bridge.order_states.streams.thread_failures", "response", response.name().toLowerCase(
                    Locale.ROOT)).increment();
            LOG.error("order-state stream thread failed; {}", response, e);
            return response;
        });
        streams.setStateListener((now, before) -> LOG.info("order-state streams {} -> {}", before, now));
        meters.gauge("bridge.order_states.streams.running", streams,
                s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0);
        // the Streams clients' own metrics, among them the consumers' records-lag: how far behind the input topics are
        this.clientMetrics = new KafkaStreamsMetrics(streams);
        clientMetrics.bindTo(meters);
        streams.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public OrderStateConfig config() {
        return config;
    }

    ThreadReplacements replacements() {
        return replacements;
    }

    @PreDestroy
    @Override
    public void close() {
        streams.close(Duration.ofSeconds(15));
        clientMetrics.close();
    }

}
