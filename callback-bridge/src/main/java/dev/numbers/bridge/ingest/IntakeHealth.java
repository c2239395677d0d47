package dev.numbers.bridge.ingest;

import dev.numbers.bridge.kafka.KafkaClients;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import dev.numbers.schemas.serde.SchemaRegistryException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.reactivestreams.Publisher;

/**
 * {@code webhook-intake} in {@code /health}: DOWN while the intake cannot store a webhook, because Kafka does not
 * answer or the registry refuses us (401/403) or is away, with the reason in the details; UP again as soon as both
 * answer. Both are asked on each check (at most every {@value #PROBE_EVERY_SECONDS} s): a readiness probe that only
 * learned from failed webhooks would never see them clear, since a DOWN replica gets no more webhooks.
 *
 * <p>A readiness indicator: a replica that cannot store webhooks should get none, and needs no restart to recover.
 *
 * <p>Gauges {@code bridge.intake.dependency.up{dependency=kafka|registry}}: 1 when the last probe succeeded.
 */
@Context
public final class IntakeHealth implements HealthIndicator, AutoCloseable {

    static final String NAME = "webhook-intake";
    private static final int PROBE_EVERY_SECONDS = 2;
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(3);

    /** One probe's outcome; {@code problem} is null when the dependency answered. */
    private record Probe(Instant at, String kafkaProblem, String registryProblem) {
    }

    private final Admin admin;
    private final SchemaRegistryClient registry;
    private final Clock clock = Clock.systemUTC();
    private volatile Probe last;

    public IntakeHealth(final KafkaClients clients, final MeterRegistry meters) {
        this.admin = clients.admin(KAFKA_TIMEOUT);
        this.registry = clients.registry();
        meters.gauge("bridge.intake.dependency.up", List.of(Tag.of(
                "dependency", "kafka")), this, h -> h.probe().kafkaProblem() == null ? 1 : 0);
        meters.gauge("bridge.intake.dependency.up", List.of(Tag.of(
                "dependency", "registry")), this, h -> h.probe().registryProblem() == null ? 1 : 0);
    }

    synchronized Probe probe() {
        final var now = clock.instant();
        if (last != null && last.at().plusSeconds(PROBE_EVERY_SECONDS).isAfter(now)) {
            return last;
        }
        last = new Probe(now, kafkaProblem(), registryProblem());
        return last;
    }

    private String kafkaProblem() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) KAFKA_TIMEOUT.toMillis()))
                    .clusterId().get(KAFKA_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while asking Kafka";
        } catch (Exception e) {
            final var cause = e.getCause() != null ? e.getCause() : e;
            return "Kafka unreachable: " + cause.getClass().getSimpleName();
        }
    }

    private String registryProblem() {
        try {
            registry.subjects();
            return null;
        } catch (SchemaRegistryException e) {
            final var status = e.httpStatus();
            return status == 401 || status == 403 ? "schema registry refused our credentials (" + status + ")"
                    : "schema registry unavailable" + (status > 0 ? " (" + status + ")" : "");
        }
    }

    HealthResult health() {
        final var probe = probe();
        final var details = new LinkedHashMap<String, Object>();
        details.put("kafka", probe.kafkaProblem() == null ? "UP" : probe.kafkaProblem());
        details.put("registry", probe.registryProblem() == null ? "UP" : probe.registryProblem());
        details.put("checked_at", probe.at().toString());
        final var up = probe.kafkaProblem() == null && probe.registryProblem() == null;
        if (!up) {
            details.put("reason", probe.kafkaProblem() != null ? probe.kafkaProblem() : probe.registryProblem());
        }
        return HealthResult.builder(NAME, up ? HealthStatus.UP : HealthStatus.DOWN).details(details).build();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(health());
    }

    @PreDestroy
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
