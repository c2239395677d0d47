package dev.numbers.connector.quota;

import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.operation.TenantName;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.QuotaState;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path's two hooks into per-tenant quotas: {@link #admit} right before a purchase's first provider call,
 * and {@link #settled}, the quota entry that goes into the result's own transaction (BOUGHT, RETURNED, or RELEASED
 * for a release), so the answer and the count change together or not at all. With no limit configured both do
 * nothing. A request without a tenant is never limited.
 */
@Singleton
public final class Quotas implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Quotas.class);
    private static final Duration STOP_CHECK = Duration.ofMillis(200);

    /** What a purchase may do. */
    public sealed interface Admission {
        /** Go on to the provider. */
        record Go() implements Admission {
        }

        /** Over a limit: answer this, call nothing. */
        record Refused(Outcome.Rejected outcome) implements Admission {
        }

        /** The connector stops before a decision: the request runs again after the restart. */
        record Stopped() implements Admission {
        }
    }

    private record Admitted(String tenant, LocalDate day, int count) {
    }

    private final QuotaConfig config;
    private final MeterRegistry meters;
    /** Purchases admitted by this process whose result is not built yet: what their entry counts and in which day. */
    private final Map<String, Admitted> admitted = new ConcurrentHashMap<>();
    private volatile QuotaService service;

    public Quotas(final QuotaConfig config, final MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Why reservations are stuck, while they keep aborting; empty when they are not (or quotas are off). */
    public Optional<String> stall() {
        final var running = service;
        return running == null ? Optional.empty() : running.reserver().stalled();
    }

    /** Starts counting (reads the quotas topic from its beginning meanwhile); a no-op when quotas are off. */
    public synchronized void open(final QuotaSettings settings) {
        if (!config.enabled() || service != null) {
            return;
        }
        service = QuotaService.open(settings, config, meters);
        LOG.info("per-tenant quotas on: per day {}, total {}, {} tenant override(s); counted on {}",
                config.perDay() == null ? "unlimited" : config.perDay(),
                config.total() == null ? "unlimited" : config.total(),
                config.tenantPerDay().size() + config.tenantTotal().size(), settings.topic());
    }

    /** The quotas topic's partition count the reservations are placed by; empty while quotas are off. */
    public OptionalInt partitions() {
        final var running = service;
        return running == null ? OptionalInt.empty() : OptionalInt.of(running.records().partitions());
    }

    public Admission admit(final NumberRequest request, final BooleanSupplier stopping) {
        final var running = service;
        final var tenant = TenantName.of(request.getTenant());
        final var operation = Operation.from(request.getOperation());
        final var limits = config.limits(tenant);
        if (running == null || limits.isEmpty() || operation.isEmpty() || Purchases.count(operation.get()) == 0) {
            return new Admission.Go();
        }
        final int count = Purchases.count(operation.get());
        final var answer = running.reserver().ask(tenant, request.getRequestId(), count, limits.get());
        while (true) {
            try {
                final var decision = answer.get(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                return switch (decision) {
                    case QuotaReserver.Decision.Admitted a -> {
                        admitted.put(request.getRequestId(), new Admitted(tenant, a.day(), count));
                        meters.counter("connector.quota.admitted", "tenant", tag(tenant)).increment();
                        yield new Admission.Go();
                    }
                    case QuotaReserver.Decision.Refused r -> new Admission.Refused(refused(request, count, r));
                };
            } catch (TimeoutException waiting) {
                if (stopping.getAsBoolean()) {
                    return new Admission.Stopped();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Admission.Stopped();
            } catch (ExecutionException e) {
                throw new IllegalStateException("quota reservation failed", e.getCause());
            }
        }
    }

    /**
     * The quota entry to publish with this result: BOUGHT or RETURNED for a purchase admitted here, RELEASED for a
     * SUCCEEDED release of a limited tenant's number (the readers give one back only when that tenant bought it).
     */
    public List<ProducerRecord<byte[], byte[]>> settled(final NumberRequest request, final NumberResult result) {
        final var running = service;
        final var tenant = TenantName.of(request.getTenant());
        final var operation = Operation.from(request.getOperation());
        if (running == null || tenant == null || operation.isEmpty()) {
            return List.of();
        }
        final var records = running.records();
        final var purchase = admitted.get(request.getRequestId());
        if (purchase != null) {
            final var bought = Purchases.mayHaveBought(result);
            final var entry = records.record(tenant, request.getRequestId(), purchase.day(), purchase.count(),
                    bought ? Purchases.bought(operation.get(), result) : List.of(),
                    bought ? QuotaState.BOUGHT : QuotaState.RETURNED);
            // Removed only once the record is built: a registry refusing the schema makes the caller build again.
            admitted.remove(request.getRequestId());
            return List.of(entry);
        }
        if (config.limits(tenant).isEmpty()) {
            return List.of();
        }
        return Purchases.released(operation.get(), result)
                .map(number -> List.of(records.record(tenant, request.getRequestId(), records.today(), 1,
                        List.of(number), QuotaState.RELEASED)))
                .orElse(List.of());
    }

    private Outcome.Rejected refused(final NumberRequest request, final int count,
                                     final QuotaReserver.Decision.Refused refused) {
        final var tenant = TenantName.of(request.getTenant());
        meters.counter("connector.quota.rejected", "tenant", tag(tenant), "window", refused.window()).increment();
        final var detail = "window=" + refused.window() + " limit=" + refused.limit() + " count=" + refused.count()
                + " requested=" + count + " (tenant " + tenant + (refused.window().equals("day")
                ? ", UTC day " + refused.day() : ", numbers held in total") + ")";
        LOG.info("request {} of tenant {} refused before any provider call: quota_exceeded {}",
                request.getRequestId(), tenant, detail);
        return new Outcome.Rejected(List.of(Errors.of("quota_exceeded", "Quota exceeded", detail,
                "tenant")), null, 0);
    }

    /**
     * Tenants named in an override get their own tag, every other one "other": tenant names come from producers, and
     * a tag per name would let any producer grow the metrics without bound.
     */
    private String tag(final String tenant) {
        return config.named(tenant) ? tenant : "other";
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (service != null) {
            service.close();
            service = null;
        }
    }
}
