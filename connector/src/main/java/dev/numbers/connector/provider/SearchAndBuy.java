package dev.numbers.connector.provider;

import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.schemas.avro.ProviderError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Search, then buy the first candidate still for sale. Each candidate is recorded in the ledger before its purchase
 * call, so a resumed run (crash, ambiguous answer) reconciles that recorded number first and never buys a second
 * one while the first may be ours; a candidate sold in between is skipped for the next, up to a limit.
 */
public final class SearchAndBuy {

    /** A provider's side: search with the request's criteria, and buy one number (reconciling when it may have run). */
    public interface Shop {
        /** The numbers found, or the outcome that ended the search (a provider error). */
        Search search(int limit);

        Outcome buy(String number, PriorAttempts prior);

        /** The provider said the number is no longer for sale (it went to someone else). */
        boolean soldElsewhere(Outcome outcome);

        /** The result resource for the number bought, given the candidates tried and the purchase resource. */
        Object resource(String number, List<String> tried, Object purchase);
    }

    public record Search(List<String> numbers, Outcome failure) {
    }

    private SearchAndBuy() {
    }

    /** The numbers of a search answer ({@code data[].numberField}), or the outcome of a failed search. */
    public static Search answer(final Classifier classifier, final Exchange exchange, final String numberField) {
        if (!(exchange instanceof Exchange.Answered answered) || answered.status() / 100 != 2) {
            return new Search(List.of(), classifier.classify(exchange, body -> null));
        }
        try {
            final var numbers = new ArrayList<String>();
            Json.parse(answered.body()).path("data").forEach(item -> {
                final var number = Json.text(item, numberField);
                if (number != null) {
                    numbers.add(number);
                }
            });
            return new Search(numbers, null);
        } catch (RuntimeException unreadable) {
            return new Search(List.of(), classifier.classify(exchange, body -> { throw unreadable; }));
        }
    }

    /**
     * Empty when recording a candidate failed because the connector is stopping: nothing was bought, and the
     * request runs again after the restart. {@code criteria} describes the search for a no_numbers_available answer.
     */
    public static Optional<Outcome> run(final Shop shop, final PriorAttempts prior, final int maxCandidates,
                                        final String criteria, final CallClaim claim) {
        final var tried = new ArrayList<String>();
        int attempts = 0;
        if (prior.candidate() != null) {
            // A crashed run recorded this number and may have bought it: it is looked up first and bought only if
            // nobody has it, so the request ends with this number or, if it was sold elsewhere, another one.
            final var outcome = shop.buy(prior.candidate(), new PriorAttempts(true, prior.since(), null,
                    prior.settles()));
            tried.add(prior.candidate());
            attempts += outcome.attempts();
            if (!shop.soldElsewhere(outcome)) {
                return Optional.of(finish(shop, prior.candidate(), tried, outcome));
            }
        }
        final var search = shop.search(maxCandidates + tried.size());
        if (search.failure() != null) {
            return Optional.of(search.failure());
        }
        attempts += 1;
        for (final var candidate : search.numbers()) {
            if (tried.size() >= maxCandidates) {
                break;
            }
            if (tried.contains(candidate)) {
                continue;
            }
            if (!claim.recordCandidate(candidate)) {
                return Optional.empty();
            }
            tried.add(candidate);
            final var outcome = shop.buy(candidate, prior);
            attempts += outcome.attempts();
            if (!shop.soldElsewhere(outcome)) {
                return Optional.of(finish(shop, candidate, tried, outcome));
            }
        }
        final var detail = tried.isEmpty() ? "no number matches " + criteria
                : "every candidate was sold before it could be bought (" + String.join(", ", tried) + ") for "
                        + criteria;
        return Optional.of(new Outcome.Rejected(List.<ProviderError>of(Errors.of("no_numbers_available",
                "No numbers available", detail, "operation")), null, attempts));
    }

    private static Outcome finish(final Shop shop, final String number, final List<String> tried,
                                  final Outcome outcome) {
        return switch (outcome) {
            case Outcome.Succeeded s -> new Outcome.Succeeded(shop.resource(number, List.copyOf(tried), s.resource()),
                    s.providerPayload(), s.attempts(), s.reconciled());
            case Outcome.Rejected r -> r;
            case Outcome.Failed f -> f;
        };
    }
}
