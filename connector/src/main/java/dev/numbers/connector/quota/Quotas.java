package dev.numbers.connector.quota;

import dev.numbers.connector.account.AccountId;
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

    /** {@code release}: for an admitted release, the number it gives back and where; null for a purchase. */
    private record Admitted(String tenant, LocalDate day, int count, QuotaBook.Holding release) {
    }

    private final QuotaConfig config;
    private final MeterRegistry meters;
    /** Purchases admitted by this process whose result is not built yet: what their entry counts and in which day. */
    private final Map<String, Admitted> admitted = new ConcurrentHashMap<>();
    private volatile QuotaService service;
    /** What admissions and settlements use: the service's parts, or the simulation's. */
    private volatile Running running;

    private record Running(QuotaRecords records, Reservations reservations) {
    }

    public Quotas(final QuotaConfig config, final MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Why reservations are stuck, while they keep aborting; empty when they are not (or quotas are off). */
    public Optional<String> stall() {
        final var serving = service;
        return serving == null ? Optional.empty() : serving.reserver().stalled();
    }

    /** Starts counting (reads the quotas topic from its beginning meanwhile); a no-op when quotas are off. */
    public synchronized void open(final QuotaSettings settings) {
        if (!config.enabled() || service != null) {
            return;
        }
        service = QuotaService.open(settings, config, meters);
        running = new Running(service.records(), service.reserver());
        LOG.info("per-tenant quotas on: per day {}, total {}, {} tenant override(s); counted on {}",
                config.perDay() == null ? "unlimited" : config.perDay(),
                config.total() == null ? "unlimited" : config.total(),
                config.tenantPerDay().size() + config.tenantTotal().size(), settings.topic());
    }

    /** Counts with {@code records} and {@code reservations} instead of a service over Kafka (the simulation). */
    synchronized void run(final QuotaRecords records, final Reservations reservations) {
        if (service == null) {
            running = new Running(records, reservations);
        }
    }

    /** The quotas topic's partition count the reservations are placed by; empty while quotas are off. */
    public OptionalInt partitions() {
        final var parts = running;
        return parts == null ? OptionalInt.empty() : OptionalInt.of(parts.records().partitions());
    }

    /**
     * Right before the provider call, through {@code account}: a purchase reserves its count; a release of a limited
     * tenant's number is admitted only while the tenant holds that number there (else REJECTED {@code not_owned},
     * nothing called), so no release through another provider or account credits the tenant.
     */
    public Admission admit(final NumberRequest request, final AccountId account, final BooleanSupplier stopping) {
        final var parts = running;
        final var tenant = TenantName.of(request.getTenant());
        final var operation = Operation.from(request.getOperation());
        final var limits = config.limits(tenant);
        if (parts == null || limits.isEmpty() || operation.isEmpty()) {
            return new Admission.Go();
        }
        final int count = Purchases.count(operation.get());
        final var releasing = Purchases.releasing(operation.get())
                .map(number -> new QuotaBook.Holding(account.toString(), number));
        if (count == 0 && releasing.isEmpty()) {
            return new Admission.Go();
        }
        final var answer = releasing.isPresent()
                ? parts.reservations().askRelease(tenant, request.getRequestId(), releasing.get(), limits.get())
                : parts.reservations().ask(tenant, request.getRequestId(), count, limits.get());
        while (true) {
            try {
                final var decision = answer.get(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                return switch (decision) {
                    case QuotaReserver.Decision.Admitted a -> {
                        admitted.put(request.getRequestId(), new Admitted(tenant, a.day(), count,
                                releasing.orElse(null)));
                        meters.counter("connector.quota.admitted", "tenant", tag(tenant)).increment();
                        yield new Admission.Go();
                    }
                    case QuotaReserver.Decision.Refused r -> new Admission.Refused(refused(request, count, r));
                    case QuotaReserver.Decision.NotHeld n -> new Admission.Refused(notOwned(request,
                            releasing.orElseThrow()));
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
     * The quota entry to publish with this result: BOUGHT or RETURNED for a purchase admitted here (BOUGHT names the
     * provider and account the numbers are held at), RELEASED (or RETURNED, when it released nothing) for a release
     * admitted here, RELEASED for a SUCCEEDED release of a limited tenant's number that named no number up front (the
     * readers give one back only when that tenant holds it at that account).
     */
    public List<ProducerRecord<byte[], byte[]>> settled(final NumberRequest request, final NumberResult result) {
        final var parts = running;
        final var tenant = TenantName.of(request.getTenant());
        final var operation = Operation.from(request.getOperation());
        if (parts == null || tenant == null || operation.isEmpty()) {
            return List.of();
        }
        final var records = parts.records();
        final var account = result.getAccount() == null ? null : result.getProvider() + "/" + result.getAccount();
        final var released = Purchases.released(operation.get(), result);
        final var admittedHere = admitted.get(request.getRequestId());
        if (admittedHere != null) {
            final ProducerRecord<byte[], byte[]> entry;
            if (admittedHere.release() != null) {
                entry = released.isPresent()
                        ? records.record(tenant, request.getRequestId(), admittedHere.day(), 1,
                                List.of(released.get()), QuotaState.RELEASED, account)
                        : records.record(tenant, request.getRequestId(), admittedHere.day(), 0, List.of(),
                                QuotaState.RETURNED, null);
            } else {
                final var bought = Purchases.mayHaveBought(result);
                entry = records.record(tenant, request.getRequestId(), admittedHere.day(), admittedHere.count(),
                        bought ? Purchases.bought(operation.get(), result) : List.of(),
                        bought ? QuotaState.BOUGHT : QuotaState.RETURNED, bought ? account : null);
            }
            // Removed only once the record is built: a registry refusing the schema makes the caller build again.
            admitted.remove(request.getRequestId());
            return List.of(entry);
        }
        if (config.limits(tenant).isEmpty()) {
            return List.of();
        }
        return released.map(number -> List.of(records.record(tenant, request.getRequestId(), records.today(), 1,
                        List.of(number), QuotaState.RELEASED, account)))
                .orElse(List.of());
    }

    private Outcome.Rejected notOwned(final NumberRequest request, final QuotaBook.Holding release) {
        meters.counter("connector.quota.rejected", "tenant", tag(TenantName.of(request.getTenant())), "window",
                "not_owned")
                .increment();
        LOG.info("release {} of tenant {} refused before any provider call: {} is not held by the tenant at {}",
                request.getRequestId(), request.getTenant(), release.number(), release.account());
        return new Outcome.Rejected(List.of(Errors.of("not_owned", "Not owned", "the tenant holds no number "
                + release.number() + " at " + release.account() + "; nothing was released", "operation")), null, 0);
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
        running = null;
        if (service != null) {
            service.close();
            service = null;
        }
    }
}
