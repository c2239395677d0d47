package dev.numbers.connector.executor;

import dev.numbers.connector.account.AccountCatalog;
import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.CallPermit;
import dev.numbers.connector.provider.ProviderCall;
import dev.numbers.connector.provider.ProviderClients;
import dev.numbers.connector.provider.ProviderHealth;
import dev.numbers.connector.quota.Quotas;
import dev.numbers.connector.validation.RequestValidator;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one decoded request: validate, choose its account (named, by tenant, or the provider's default), wait
 * while that account is paused, record that the call starts, call, and build the one result. Whether to execute at
 * all is the ledger gate's decision, made before this runs.
 */
@Singleton
public final class RequestExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);
    private static final Duration PAUSED_CHECK = Duration.ofMillis(500);

    private final RequestValidator validator;
    private final AccountCatalog accounts;
    private final ProviderClients clients;
    private final ProviderHealth health;
    private final Quotas quotas;
    private final Results results;
    private final Clock clock = Clock.systemUTC();

    public RequestExecutor(final RequestValidator validator, final AccountCatalog accounts,
                           final ProviderClients clients, final ProviderHealth health, final MeterRegistry meters,
                           final Quotas quotas) {
        this.quotas = quotas;
        this.validator = validator;
        this.accounts = accounts;
        this.clients = clients;
        this.health = health;
        this.results = new Results(meters, clock);
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
            return Optional.of(results.of(request, Provider.SIGNALWIRE, OperationType.PURCHASE_PHONE_NUMBER, null,
                    new Outcome.Rejected(List.of(Errors.of("unknown_operation", "Unknown operation",
                            "the operation is not one this connector performs", "operation")), null, 0), startedAt));
        }
        final var op = operation.get();
        final var problems = validator.problems(op);
        if (!problems.isEmpty()) {
            return Optional.of(results.of(request, op.provider(), op.type(), null,
                    new Outcome.Rejected(problems, null, 0),
                    startedAt));
        }
        final ProviderAccount account;
        switch (accounts.route(op.provider(), request.getAccount(), request.getTenant())) {
            case AccountCatalog.Route.To to -> account = to.account();
            case AccountCatalog.Route.Unknown unknown -> {
                return Optional.of(results.of(request, op.provider(), op.type(), null, new Outcome.Rejected(List.of(
                        Errors.of("unknown_account", "Unknown account", unknown.detail(),
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
        switch (quotas.admit(request, account.id(), stopping)) {
            case Quotas.Admission.Go go -> { }
            case Quotas.Admission.Refused refused -> {
                return Optional.of(results.of(request, op.provider(), op.type(), account.name(), refused.outcome(),
                        startedAt));
            }
            case Quotas.Admission.Stopped stopped -> {
                return Optional.empty();
            }
        }
        final Optional<Outcome> outcome;
        try {
            // Empty when the connector stopped before a candidate was recorded: nothing bought, runs again later.
            outcome = clients.client(account.id()).perform(new ProviderCall(op, request.getRequestId(), prior,
                    recordCandidate));
        } catch (CallPermit.Revoked revoked) {
            LOG.info("request {} ({}) stops before its next provider call: {}", request.getRequestId(), op.type(),
                    revoked.getMessage());
            return Optional.empty();
        } catch (RuntimeException bug) {
            LOG.error("request {} ({}) failed inside the connector", request.getRequestId(), op.type(), bug);
            return Optional.of(results.of(request, op.provider(), op.type(), account.name(), new Outcome.Failed(List.of(
                    Errors.of("connector_error", "Connector error", bug.getClass().getName(), null)),
                    null, 0), startedAt));
        }
        return outcome.map(done -> results.of(request, op.provider(), op.type(), account.name(), done, startedAt));
    }

    /** The result for an outcome decided outside a provider call (bounds, an internal error). */
    public NumberResult answer(final NumberRequest request, final Outcome outcome) {
        final var operation = Operation.from(request.getOperation());
        final var account = operation.map(op -> switch (accounts.route(op.provider(), request.getAccount(),
                request.getTenant())) {
            case AccountCatalog.Route.To to -> to.account().name();
            case AccountCatalog.Route.Unknown unknown -> null;
        }).orElse(null);
        return results.of(request, operation.map(Operation::provider).orElse(Provider.SIGNALWIRE),
                operation.map(Operation::type).orElse(OperationType.PURCHASE_PHONE_NUMBER), account, outcome,
                clock.instant());
    }
}
