package dev.numbers.connector;

import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.CallPermit;
import dev.numbers.connector.provider.PriorAttempts;
import dev.numbers.connector.account.AccountCatalog;
import dev.numbers.connector.provider.ProviderClients;
import dev.numbers.connector.provider.ProviderHealth;
import dev.numbers.connector.quota.Quotas;
import dev.numbers.connector.validation.RequestValidator;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.ResultStatus;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one decoded request: validate, choose its account (named, by tenant, or the provider's default), wait
 * while that account is paused, record that the call starts, call, and build the one result. Whether to execute at all
 * is the ledger gate's decision, made before this runs.
 */
@Singleton
public final class RequestExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);
    private static final Duration PAUSED_CHECK = Duration.ofMillis(500);
    /** Results with an {@code outcome_unknown} error: a call may have been performed and no lookup could tell. */
    static final String OUTCOME_UNKNOWN = "connector.outcome.unknown";

    private final RequestValidator validator;
    private final AccountCatalog accounts;
    private final ProviderClients clients;
    private final ProviderHealth health;
    private final MeterRegistry meters;
    private final Quotas quotas;
    private final Clock clock = Clock.systemUTC();

    public RequestExecutor(final RequestValidator validator, final AccountCatalog accounts,
                           final ProviderClients clients, final ProviderHealth health, final MeterRegistry meters,
                           final Quotas quotas) {
        this.quotas = quotas;
        this.validator = validator;
        this.accounts = accounts;
        this.clients = clients;
        this.health = health;
        this.meters = meters;
        // From start-up at 0, so an alert on the increase also sees the first one.
        for (final var provider : Provider.values()) {
            meters.counter(OUTCOME_UNKNOWN, "provider", provider.name());
        }
    }

    /**
     * {@code claim} runs right before the provider is called (the ledger's STARTED claim): it answers what earlier
     * runs may have done, or empty when the call must not happen (stopping, the partition moved, another claim
     * answers the request). Empty then, and also when the request's permit is revoked between provider calls: the
     * caller decides what the request gets (see {@code LedgerGate}). {@code recordCandidate} records (STARTED again)
     * the number a search-and-purchase is about to buy; false when it could not be recorded (stopping).
     */
    public Optional<NumberResult> execute(final NumberRequest request,
                                          final Supplier<Optional<PriorAttempts>> claim,
                                          final Predicate<String> recordCandidate,
                                          final BooleanSupplier stopping) {
        final var startedAt = clock.instant();
        final var operation = Operation.from(request.getOperation());
        if (operation.isEmpty()) {
            return Optional.of(result(request, Provider.SIGNALWIRE, OperationType.PURCHASE_PHONE_NUMBER, null,
                    new Outcome.Rejected(List.of(RequestValidator.error("unknown_operation", "Unknown operation",
                            "the operation is not one this connector performs", "operation")), null, 0), startedAt));
        }
        final var op = operation.get();
        final var problems = validator.problems(op);
        if (!problems.isEmpty()) {
            return Optional.of(result(request, op.provider(), op.type(), null, new Outcome.Rejected(problems, null, 0),
                    startedAt));
        }
        final ProviderAccount account;
        switch (accounts.route(op.provider(), request.getAccount(), request.getTenant())) {
            case AccountCatalog.Route.To to -> account = to.account();
            case AccountCatalog.Route.Unknown unknown -> {
                return Optional.of(result(request, op.provider(), op.type(), null, new Outcome.Rejected(List.of(
                        RequestValidator.error("unknown_account", "Unknown account", unknown.detail(),
                                unknown.field())), null, 0), startedAt));
            }
        }
        // Only this account waits: the others keep serving while its credentials are fixed.
        while (health.isPaused(account.id())) {
            if (stopping.getAsBoolean()) {
                return Optional.empty();
            }
            try {
                Thread.sleep(PAUSED_CHECK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        final var claimed = claim.get();
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        final var prior = claimed.get();
        // Claimed, so this is the request_id's one execution: the tenant's quota is asked right before the provider.
        switch (quotas.admit(request, stopping)) {
            case Quotas.Admission.Go go -> { }
            case Quotas.Admission.Refused refused -> {
                return Optional.of(result(request, op.provider(), op.type(), account.name(), refused.outcome(),
                        startedAt));
            }
            case Quotas.Admission.Stopped stopped -> {
                return Optional.empty();
            }
        }
        final var signalWire = clients.signalWire(account.name());
        final var telnyx = clients.telnyx(account.name());
        final Outcome outcome;
        try {
            outcome = switch (op) {
                case Operation.PurchasePhoneNumber p -> signalWire.purchase(p, prior);
                case Operation.CreateAssignmentOrder o -> signalWire.createOrder(o, prior);
                case Operation.ListAssignmentOrders l -> signalWire.listOrders(l);
                case Operation.NumberOrder t -> telnyx.createNumberOrder(t, request.getRequestId(), prior);
                case Operation.ReleasePhoneNumber r -> signalWire.release(r);
                case Operation.DeleteNumberAssignment d -> signalWire.deleteAssignment(d);
                case Operation.DeletePhoneNumber d -> telnyx.deletePhoneNumber(d);
                // Null when the connector stopped before a candidate was recorded: nothing bought, runs again later.
                case Operation.SearchAndPurchase s -> signalWire.searchAndPurchase(s, prior, recordCandidate)
                        .orElse(null);
                case Operation.SearchAndOrder t -> telnyx.searchAndOrder(t, request.getRequestId(), prior,
                        recordCandidate).orElse(null);
            };
        } catch (CallPermit.Revoked revoked) {
            LOG.info("request {} ({}) stops before its next provider call: {}", request.getRequestId(), op.type(),
                    revoked.getMessage());
            return Optional.empty();
        } catch (RuntimeException bug) {
            LOG.error("request {} ({}) failed inside the connector", request.getRequestId(), op.type(), bug);
            return Optional.of(result(request, op.provider(), op.type(), account.name(), new Outcome.Failed(List.of(
                    RequestValidator.error("connector_error", "Connector error", bug.getClass().getName(), null)),
                    null, 0), startedAt));
        }
        if (outcome == null) {
            return Optional.empty();
        }
        return Optional.of(result(request, op.provider(), op.type(), account.name(), outcome, startedAt));
    }

    /** The result for an outcome decided outside a provider call (bounds, an internal error). */
    public NumberResult answer(final NumberRequest request, final Outcome outcome) {
        final var operation = Operation.from(request.getOperation());
        final var account = operation.map(op -> switch (accounts.route(op.provider(), request.getAccount(),
                request.getTenant())) {
            case AccountCatalog.Route.To to -> to.account().name();
            case AccountCatalog.Route.Unknown unknown -> null;
        }).orElse(null);
        return result(request, operation.map(Operation::provider).orElse(Provider.SIGNALWIRE),
                operation.map(Operation::type).orElse(OperationType.PURCHASE_PHONE_NUMBER), account, outcome,
                clock.instant());
    }

    private NumberResult result(final NumberRequest request, final Provider provider, final OperationType type,
                                final String account, final Outcome outcome, final Instant startedAt) {
        final var builder = NumberResult.newBuilder()
                .setRequestId(request.getRequestId())
                .setProvider(provider)
                .setOperation(type)
                .setProviderPayload(outcome.providerPayload())
                .setAttempts(outcome.attempts())
                .setStartedAt(startedAt)
                .setFinishedAt(clock.instant())
                .setReconciled(outcome instanceof Outcome.Succeeded done && done.reconciled())
                .setTenant(request.getTenant())
                .setCorrelationId(request.getCorrelationId())
                .setAccount(account);
        switch (outcome) {
            case Outcome.Succeeded s -> builder.setStatus(ResultStatus.SUCCEEDED).setResource(s.resource())
                    .setErrors(List.of());
            case Outcome.Rejected r -> builder.setStatus(ResultStatus.REJECTED).setResource(null).setErrors(r.errors());
            case Outcome.Failed f -> builder.setStatus(ResultStatus.FAILED).setResource(f.partial())
                    .setErrors(f.errors());
        }
        final var result = builder.build();
        meters.counter("connector.requests", "operation", type.name(), "outcome", result.getStatus().name())
                .increment();
        if (result.getErrors().stream().anyMatch(e -> "outcome_unknown".contentEquals(e.getCode()))) {
            meters.counter(OUTCOME_UNKNOWN, "provider", provider.name()).increment();
        }
        LOG.info("request {} {} via {}{}: {}{} after {} call(s){}", request.getRequestId(), type, provider,
                account == null ? "" : "/" + account,
                result.getStatus(), result.getReconciled() ? " (found at the provider)" : "", outcome.attempts(),
                result.getErrors().isEmpty() ? "" : " " + result.getErrors().stream()
                        .map(e -> e.getCode() + (e.getField() == null ? "" : "@" + e.getField())).toList());
        return result;
    }
}
