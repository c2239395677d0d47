package dev.numbers.connector.loop;

import dev.numbers.connector.RequestExecutor;
import dev.numbers.connector.concurrency.ConcurrencyConfig;
import dev.numbers.connector.concurrency.RequestSlots;
import dev.numbers.connector.config.ConnectorConfig;
import dev.numbers.connector.config.KafkaConfig;
import dev.numbers.connector.config.RegistryConfig;
import dev.numbers.connector.config.TopicsConfig;
import dev.numbers.connector.ledger.ClaimConfig;
import dev.numbers.connector.ledger.Claims;
import dev.numbers.connector.ledger.IntentLedger;
import dev.numbers.connector.ledger.IntentLedgerFactory;
import dev.numbers.connector.ledger.LedgerConfig;
import dev.numbers.connector.ledger.LedgerGate;
import dev.numbers.connector.observe.RegistryErrorMeter;
import dev.numbers.connector.observe.RequestTracing;
import dev.numbers.connector.outcome.ResultBounds;
import dev.numbers.connector.quota.QuotaSettings;
import dev.numbers.connector.quota.Quotas;
import dev.numbers.connector.ratelimit.GroupWatch;
import dev.numbers.connector.validation.RequestBounds;
import dev.numbers.connector.validation.RequestLimits;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.serde.ConfluentAvroDeserializer;
import dev.numbers.schemas.serde.ConfluentAvroSerializer;
import dev.numbers.schemas.serde.RegistryErrors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the Kafka clients from configuration and runs the request loop on its own thread for the app's life. */
@Singleton
@Requires(property = "connector.loop.enabled", notEquals = "false")
public final class ConnectorRunner implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRunner.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final KafkaConfig kafka;
    private final TopicsConfig topics;
    private final RegistryConfig registry;
    private final ConnectorConfig config;
    private final RequestExecutor executor;
    private final LedgerConfig ledgerConfig;
    private final ClaimConfig claimConfig;
    private final MeterRegistry meters;
    private final RequestTracing tracing;
    private final RequestLimits limits;
    private final HealthConfig healthConfig;
    private final LoopHealth health;
    private final ConcurrencyConfig concurrency;
    private final GroupWatch groupWatch;
    private final Quotas quotas;
    private volatile RequestLoop loop;
    private volatile boolean stopRequested;
    private volatile String failure;
    private Thread thread;

    public ConnectorRunner(final KafkaConfig kafka, final TopicsConfig topics, final RegistryConfig registry,
                           final ConnectorConfig config, final LedgerConfig ledgerConfig,
                           final ClaimConfig claimConfig,
                           final ConcurrencyConfig concurrency,
                           final RequestExecutor executor, final MeterRegistry meters,
                           final RequestLimits limits,
                           final HealthConfig healthConfig, final RequestTracing tracing,
                           final GroupWatch groupWatch,
                           final Quotas quotas) {
        this.quotas = quotas;
        this.groupWatch = groupWatch;
        this.tracing = tracing;
        this.limits = limits;
        this.healthConfig = healthConfig;
        this.health = new LoopHealth(healthConfig.abortsBeforeDown(), meters);
        this.ledgerConfig = ledgerConfig;
        this.claimConfig = claimConfig;
        this.concurrency = concurrency;
        this.kafka = kafka;
        this.topics = topics;
        this.registry = registry;
        this.config = config;
        this.executor = executor;
        this.meters = meters;
    }

    @EventListener
    void onStartup(final StartupEvent event) {
        start();
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        // Clients are built on the loop thread: initTransactions() blocks until the broker answers, and start-up
        // (health, metrics endpoints) must not wait for Kafka.
        final var slots = RequestSlots.adaptive(config.maxInFlight(), concurrency, meters);
        thread = Thread.ofPlatform().name("request-loop").unstarted(() -> {
            final var consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            new KafkaClientMetrics(consumer).bindTo(meters);
            final var serde = registry.serdeConfig();
            final var publisher = new ResultPublisher(() -> new KafkaProducer<>(producerProperties(),
                    new ByteArraySerializer(), new ByteArraySerializer()),
                    () -> meters.counter("connector.producer.recreated").increment());
            final var probe = new KafkaProbe(commonProperties(), health, healthConfig);
            final IntentLedger ledger;
            final Claims claims;
            try {
                ledger = IntentLedgerFactory.open(topics.intents(), commonProperties(), ledgerConfig,
                        config.instanceId(), serde, meters);
                claims = IntentLedgerFactory.claims(ledger, topics.intents(), commonProperties(),
                        config.instanceId(), transactionalId() + "-claims", claimConfig, meters);
                quotas.open(new QuotaSettings(topics.quotas(), commonProperties(),
                        config.instanceId(), serde, kafka.transactionalIdPrefix()));
            } catch (RuntimeException e) {
                // Shown on /health and in one log line; the loop does not start, so nothing is consumed.
                LOG.error("connector cannot start: {}", e.getMessage());
                failure = e.getMessage();
                publisher.close();
                consumer.close();
                probe.close();
                return;
            }
            final var registryErrors = RegistryErrorMeter.of(meters);
            final var handler = new RequestHandler(
                    new RequestBounds(limits, Clock.systemUTC()),
                    new LedgerGate(ledger, claims, executor, meters, Clock.systemUTC())::pass, ledger::completed,
                    executor::answer,
                    new ResultBounds(limits),
                    new ResultRecords(topics.results(),
                            RegistryErrors.reporting(new ConfluentAvroSerializer<NumberResult>(serde), registryErrors)),
                    health, healthConfig.maxBackoff(), meters, quotas::settled);
            final var built = new RequestLoop(consumer, publisher,
                    RegistryErrors.reporting(new ConfluentAvroDeserializer<>(NumberRequest.class, serde),
                            registryErrors),
                    handler, ledger, topics, slots, health, healthConfig, SHUTDOWN_GRACE, meters, tracing,
                    groupWatch::assigned);
            loop = built;
            try (probe; claims) {
                if (!stopRequested) {
                    built.run();
                } else {
                    publisher.close();
                    consumer.close();
                }
            }
        });
        thread.start();
        LOG.info("connector started: {} -> {} (dlq {}, intents {}), group {}, instance {}, in-flight limit {}"
                        + " adapting up to {} ({})", topics.requests(), topics.results(), topics.dlq(),
                                topics.intents(),
                topics.groupId(), config.instanceId(), slots.limit(), slots.ceiling().value(), slots.ceiling()
                        .reason());
    }

    private Map<String, Object> commonProperties() {
        return kafka.clientProperties();
    }

    private Map<String, Object> consumerProperties() {
        final Map<String, Object> props = commonProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topics.groupId());
        props.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Offsets move only inside our transactions, and only committed requests are read.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    private Map<String, Object> producerProperties() {
        final Map<String, Object> props = commonProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private String transactionalId() {
        return kafka.transactionalIdPrefix() + "-" + topics.groupId() + "-" + config.instanceId();
    }

    /**
     * Stops on the shutdown event, before any bean is destroyed: running requests still need the HTTP clients, and
     * a call cut off mid-flight is an ambiguous purchase.
     */
    @EventListener
    void onShutdown(final ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    public synchronized void stop() {
        stopRequested = true;
        if (thread == null || !thread.isAlive()) {
            return;
        }
        final var running = loop;
        if (running != null) {
            running.stop();
        } else {
            thread.interrupt();
        }
        try {
            thread.join(SHUTDOWN_GRACE.plusSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("connector stopped");
    }

    @Override
    public Publisher<HealthResult> getResult() {
        final var running = loop;
        final boolean polling = thread != null && thread.isAlive() && running != null
                && Duration.between(running.lastPoll(), Instant.now()).compareTo(Duration.ofSeconds(30)) < 0;
        final var details = new TreeMap<String, Object>(Map.of("requests", topics.requests(),
                "groupId", topics.groupId()));
        if (failure != null) {
            details.put("error", failure);
        }
        if (!polling) {
            details.put("loop", "not polling");
        }
        // One entry per kind of stall (transactions, registry, kafka, results), each with its reason.
        details.putAll(health.reasons());
        final boolean up = polling && health.isUp();
        return Publishers.just(HealthResult.builder("kafka-request-loop", up ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details).build());
    }
}
