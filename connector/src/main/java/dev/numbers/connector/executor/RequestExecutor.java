package dev.numbers.connector.executor;

import dev.numbers.connector.account.AccountCatalog;
import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.account.ProviderAccount;
import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.CallClaim;
import dev.numbers.connector.provider.ProviderCall;
import dev.numbers.connector.provider.ProviderClient;
import dev.numbers.connector.provider.ProviderClients;
import dev.numbers.connector.provider.ProviderHealth;
import dev.numbers.connector.validation.RequestValidator;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.OperationType;
import dev.numbers.schemas.avro.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider side of one request, in the steps {@link RequestPath} takes them: {@link #prepare} (validate, choose
 * the account: named, by tenant, or the provider's default), {@link #paused} (the path waits while its account is),
 * {@link #perform} (the provider call, carrying the request's claim), and the one result of each. No waits of its
 * own: time comes in through the path.
 */
@Singleton
public final class RequestExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);

    /** What {@link #prepare} made of a request: answered without the provider, or ready to call it. */
    public sealed interface Prepared {

        /** Refused before the provider (unknown operation or account, invalid): the result to write. */
        record Answer(NumberResult result) implements Prepared {
        }

        /** Valid, with the account that performs it. */
        record Ready(NumberRequest request, Operation operation, ProviderAccount account, Instant startedAt)
                implements Prepared {
        }
    }

    private final RequestValidator validator;
    private final AccountCatalog accounts;
    private final Function<AccountId, ProviderClient> clients;
    private final ProviderHealth health;
    private final Results results;
    private final Clock clock;

    @Inject
    public RequestExecutor(final RequestValidator validator, final AccountCatalog accounts,
                           final ProviderClients clients, final ProviderHealth health, final MeterRegistry meters) {
        this(validator, accounts, clients::client, health, meters, Clock.systemUTC());
    }

    /** {@code clients} gives each account's client: the configured ones, or fakes in a test of the request path. */
    public RequestExecutor(final RequestValidator validator, final AccountCatalog accounts,
                           final Function<AccountId, ProviderClient> clients, final ProviderHealth health,
                           final MeterRegistry meters, final Clock clock) {
        this.validator = validator;
        this.accounts = accounts;
        this.clients = clients;
        this.health = health;
        this.clock = clock;
        this.results = new Results(meters, clock);
    }

    /** Validates the request and chooses its account; an answer when it cannot go to the provider. */
    public Prepared prepare(final NumberRequest request) {
        final var startedAt = clock.instant();
        final var operation = Operation.from(request.getOperation());
        if (operation.isEmpty()) {
            return new Prepared.Answer(results.of(request, Provider.SIGNALWIRE, OperationType.PURCHASE_PHONE_NUMBER,
                    null, new Outcome.Rejected(List.of(Errors.of("unknown_operation", "Unknown operation",
                            "the operation is not one this connector performs", "operation")), null, 0), startedAt));
        }
        final var op = operation.get();
        final var problems = validator.problems(op);
        if (!problems.isEmpty()) {
            return new Prepared.Answer(results.of(request, op.provider(), op.type(), null,
                    new Outcome.Rejected(problems, null, 0), startedAt));
        }
        return switch (accounts.route(op.provider(), request.getAccount(), request.getTenant())) {
            case AccountCatalog.Route.To to -> new Prepared.Ready(request, op, to.account(), startedAt);
            case AccountCatalog.Route.Unknown unknown -> new Prepared.Answer(results.of(request, op.provider(),
                    op.type(), null, new Outcome.Rejected(List.of(Errors.of("unknown_account", "Unknown account",
                            unknown.detail(), unknown.field())), null, 0), startedAt));
        };
    }

    /** The request's account is paused (its credentials were refused): only its requests wait. */
    public boolean paused(final Prepared.Ready ready) {
        return health.isPaused(ready.account().id());
    }

    /**
     * Calls the provider under {@code claim}. Empty when the claim was revoked before a post, or the connector
     * stopped before a search's candidate or a release's DELETE was recorded: nothing more was bought or released,
     * the request path decides what the request gets.
     */
    public Optional<NumberResult> perform(final Prepared.Ready ready, final PriorAttempts prior,
                                          final CallClaim claim) {
        final var request = ready.request();
        final var op = ready.operation();
        final Optional<Outcome> outcome;
        try {
            outcome = clients.apply(ready.account().id()).perform(new ProviderCall(op, request.getRequestId(), prior,
                    claim));
        } catch (CallClaim.Revoked revoked) {
            LOG.info("request {} ({}) stops before its next provider call: {}", request.getRequestId(), op.type(),
                    revoked.getMessage());
            return Optional.empty();
        } catch (RuntimeException bug) {
            if (interrupted(bug)) {
                // The stop interrupts what still runs after the drain. The call may have been performed: no result
                // (a FAILED here would be a second answer, or a wrong one); the record runs again after the restart,
                // its STARTED intent says to look the call up first.
                LOG.info("request {} ({}) was interrupted by the stop during its provider call; it is looked up"
                        + " when it runs again", request.getRequestId(), op.type());
                return Optional.empty();
            }
            LOG.error("request {} ({}) failed inside the connector", request.getRequestId(), op.type(), bug);
            return Optional.of(result(ready, new Outcome.Failed(List.of(
                    Errors.of("connector_error", "Connector error", bug.getClass().getName(), null)), null, 0)));
        }
        return outcome.map(done -> result(ready, done));
    }

    /** Interrupted, whether the client kept the thread's flag or only wrapped the InterruptedException. */
    private static boolean interrupted(final Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** The result of a prepared request for an outcome (the provider's, or a quota refusal). */
    public NumberResult result(final Prepared.Ready ready, final Outcome outcome) {
        return results.of(ready.request(), ready.operation().provider(), ready.operation().type(),
                ready.account().name(), outcome, ready.startedAt());
    }

    /** The result for an outcome decided outside a provider call (bounds, staleness, an internal error). */
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
