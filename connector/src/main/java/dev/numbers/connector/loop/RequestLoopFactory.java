package dev.numbers.connector.loop;

import dev.numbers.connector.concurrency.Pauses;
import dev.numbers.connector.executor.RequestExecutor;
import dev.numbers.connector.concurrency.RequestSlots;
import dev.numbers.connector.config.TopicsConfig;
import dev.numbers.connector.ledger.ClaimConfig;
import dev.numbers.connector.ledger.Claims;
import dev.numbers.connector.ledger.IntentLedger;
import dev.numbers.connector.ledger.IntentLedgerFactory;
import dev.numbers.connector.ledger.LedgerConfig;
import dev.numbers.connector.executor.LedgerGate;
import dev.numbers.connector.executor.LedgerView;
import dev.numbers.connector.executor.QuotaDesk;
import dev.numbers.connector.executor.RequestPath;
import dev.numbers.connector.executor.ResultRecords;
import dev.numbers.connector.observe.RegistryErrorMeter;
import dev.numbers.connector.observe.RequestTracing;
import dev.numbers.connector.validation.ResultBounds;
import dev.numbers.connector.quota.QuotaSettings;
import dev.numbers.connector.provider.RetryConfig;
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
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;

/**
 * Builds one run of the request loop: opens the intent ledger, its claim writers and the quotas, and wires the
 * request path (bounds, ledger gate, result records) into a {@link RequestLoop}. Called on the loop's own thread,
 * since opening waits for Kafka.
 */
@Singleton
@Requires(property = "connector.loop.enabled", notEquals = "false")
public final class RequestLoopFactory {

    /**
     * The ledger's settings and the request path behind it (quotas, the provider executor, the request limits); the
     * provider calls' request time-out bounds how long a claim's call may still be performed ({@code retry}).
     */
    @Singleton
    @Requires(property = "connector.loop.enabled", notEquals = "false")
    public record PathParts(LedgerConfig ledger, ClaimConfig claims, RequestExecutor executor, RequestLimits limits,
                            Quotas quotas, RetryConfig retry) {
    }

    /** A built loop and what must be closed with it once it returned, in reverse order, on the loop's thread. */
    record Built(RequestLoop loop, List<AutoCloseable> resources) {
    }

    private final LoopClients clients;
    private final PathParts path;
    private final GroupWatch groupWatch;
    private final HealthConfig healthConfig;
    private final LoopServices services;

    public RequestLoopFactory(final LoopClients clients, final PathParts path, final GroupWatch groupWatch,
                              final HealthConfig healthConfig, final RequestTracing tracing,
                              final MeterRegistry meters) {
        this.clients = clients;
        this.path = path;
        this.groupWatch = groupWatch;
        this.healthConfig = healthConfig;
        this.services = new LoopServices(clients.topics(), new LoopHealth(healthConfig.abortsBeforeDown(), meters),
                meters, tracing, healthConfig.maxBackoff(), healthConfig.stallReportAfter());
    }

    LoopHealth health() {
        return services.health();
    }

    /** The partition counts the claims and the quota reservations were set up with, read once at their start. */
    private PartitionCounts startCounts(final TopicsConfig topics, final Claims claims) {
        final var counts = new HashMap<String, Integer>();
        counts.put(topics.intents(), claims.partitions());
        path.quotas().partitions().ifPresent(count -> counts.put(topics.quotas(), count));
        return new PartitionCounts(counts);
    }

    /** Throws when the ledger, its claims or the quotas cannot be opened; nothing is left open then. */
    Built build(final RequestSlots slots) {
        final var topics = clients.topics();
        final var config = clients.config();
        final var meters = services.meters();
        final var serde = clients.serde();
        final var consumer = clients.consumer();
        final var publisher = clients.publisher();
        final var probe = new KafkaProbe(clients.common(), services.health(), healthConfig);
        final IntentLedger ledger;
        final Claims claims;
        try {
            ledger = IntentLedgerFactory.open(topics.intents(), clients.common(), path.ledger(),
                    config.instanceId(), serde, meters);
            claims = IntentLedgerFactory.claims(ledger, topics.intents(), clients.common(),
                    config.instanceId(), clients.transactionalId() + "-claims", path.claims(),
                    path.retry().requestTimeout(), meters);
            path.quotas().open(new QuotaSettings(topics.quotas(), clients.common(), config.instanceId(), serde,
                    clients.transactionalIdPrefix()));
        } catch (RuntimeException e) {
            publisher.close();
            consumer.close();
            probe.close();
            throw e;
        }
        final var registryErrors = RegistryErrorMeter.of(meters);
        final var clock = Clock.systemUTC();
        final var view = LedgerView.of(ledger);
        final var health = services.health();
        // A claim lane whose transaction never ends holds every claim behind it silently: /health names it.
        health.watch(LoopHealth.Check.LANES, claims::stalled);
        final var requestPath = new RequestPath(new RequestPath.Steps(new RequestBounds(path.limits(), clock),
                new LedgerGate(view, LedgerGate.Claiming.of(claims, clock), meters, clock), path.executor(), view,
                QuotaDesk.of(path.quotas())),
                new RequestPath.Publishing(new ResultBounds(path.limits()), new ResultRecords(topics.results(),
                        RegistryErrors.reporting(new ConfluentAvroSerializer<NumberResult>(serde), registryErrors)),
                        new RequestPath.ResultsHealth() {
                            @Override
                            public void up() {
                                health.up(LoopHealth.Check.RESULTS);
                            }

                            @Override
                            public void down(final String reason) {
                                health.down(LoopHealth.Check.RESULTS, reason);
                            }
                        }, Pauses::sleep, services.maxBackoff()), meters);
        final var work = new RequestLoop.Work(
                RegistryErrors.reporting(new ConfluentAvroDeserializer<>(NumberRequest.class, serde), registryErrors),
                requestPath::handle, ledger, slots);
        final var positionWatch = new PositionWatch(healthConfig.positionStallAfter(),
                new UnstableOffsets(clients.common(), topics.groupId()), services.health(), meters, System::nanoTime);
        final var loop = new RequestLoop(consumer, publisher, work, services, clients.config().drainGrace(),
                groupWatch::assigned, positionWatch);
        probe.watch(startCounts(topics, claims), reason -> loop.stop());
        // Closed in reverse: the claims (their lanes and the intents tail, joined) before the ledger whose store they
        // read, so no thread touches a closed store.
        final AutoCloseable closingLedger = () -> ledger.close(!services.health().isDown(LoopHealth.Check.KAFKA));
        return new Built(loop, List.of(probe, closingLedger, claims));
    }
}
