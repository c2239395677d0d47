package dev.numbers.connector.provider;

import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.schemas.avro.Provider;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.numbers.connector.account.AccountId;
import dev.numbers.schemas.avro.ProviderError;
import java.util.ArrayList;
import java.util.Optional;

/** Turns the last exchange of a call into an outcome; the one place that knows what each status class means. */
public final class Classifier {

    private static final Logger LOG = LoggerFactory.getLogger(Classifier.class);

    private final AccountId account;
    private final Provider provider;
    private final ProviderMapper mapper;
    private final ProviderHealth health;

    public Classifier(final AccountId account, final ProviderMapper mapper,
                      final ProviderHealth health) {
        this.account = account;
        this.provider = account.provider();
        this.mapper = mapper;
        this.health = health;
    }

    /** {@code resource} maps a 2xx body; it may throw when the body is not the promised resource. */
    public Outcome classify(final Exchange exchange, final Function<String, Object> resource) {
        return switch (exchange) {
            case Exchange.Reconciled r -> success(new Exchange.Answered(200, r.body(), Optional.empty(),
                    r.attempts()), resource, true);
            case Exchange.Ambiguous a -> {
                final var errors = new ArrayList<ProviderError>();
                errors.add(Errors.of("outcome_unknown", "Outcome unknown",
                        "retries ran out after an answer that may hide a performed call, and no lookup at " + provider
                                + " could tell; check the account before asking again", null));
                final var last = classify(a.last(), resource);
                if (last instanceof Outcome.Failed f) {
                    errors.addAll(f.errors());
                }
                yield new Outcome.Failed(errors, last.providerPayload(), a.attempts());
            }
            case Exchange.Unreachable u -> new Outcome.Failed(List.of(Errors.of("unreachable",
                    "No answer from " + provider, u.reason(), null)), null, u.attempts());
            case Exchange.Answered a when a.status() >= 200 && a.status() < 300 -> success(a, resource, false);
            case Exchange.Answered a when a.status() == 401 -> {
                if (health.pause(account, "credentials refused (401)")) {
                    LOG.error("{} refused the credentials of account {} (401): pausing that account until its"
                            + " credentials work again (re-probed every connector.accounts.probe-interval)",
                            provider, account.name());
                }
                yield new Outcome.Failed(mapper.errors(a.status(), a.body()), a.body(), a.attempts());
            }
            case Exchange.Answered a when a.retryable() ->
                    new Outcome.Failed(mapper.errors(a.status(), a.body()), a.body(), a.attempts());
            case Exchange.Answered a when a.status() >= 400 && a.status() < 500 ->
                    new Outcome.Rejected(mapper.errors(a.status(), a.body()), a.body(), a.attempts());
            case Exchange.Answered a -> new Outcome.Failed(List.of(Errors.of("unexpected_status",
                    "Unexpected status", "HTTP " + a.status(), null)), a.body(), a.attempts());
        };
    }

    private Outcome success(final Exchange.Answered answer, final Function<String, Object> resource,
                            final boolean reconciled) {
        try {
            return new Outcome.Succeeded(resource.apply(answer.body()), answer.body(), answer.attempts(), reconciled);
        } catch (RuntimeException unmappable) {
            // The provider did it but said something we cannot read: FAILED with the body kept, never a guess.
            return new Outcome.Failed(List.of(Errors.of("unreadable_response", "Unreadable response",
                    unmappable.getClass().getSimpleName() + ": " + unmappable.getMessage(), null)),
                    answer.body(), answer.attempts());
        }
    }
}
