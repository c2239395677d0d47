package dev.numbers.connector.provider;

import java.time.Duration;
import java.util.Optional;

/** The last thing that happened on the wire for one logical provider call, after retries. */
public sealed interface Exchange {

    int attempts();

    /** The provider answered; {@code retryAfter} is its Retry-After header when it sent one. */
    record Answered(int status, String body, Optional<Duration> retryAfter, int attempts) implements Exchange {
        public boolean retryable() {
            return status == 429 || status >= 500;
        }
    }

    /**
     * No answer (timeout, connection refused or reset). The request may have reached the provider, which is why a
     * mutating call reconciles before posting again; {@code reason} never contains the request's headers.
     */
    record Unreachable(String reason, int attempts) implements Exchange {
    }

    /**
     * An earlier attempt may have been performed, and the provider's own records show it was: {@code body} is the
     * resource as the provider lists it, in the shape the original call would have answered.
     */
    record Reconciled(String body, int attempts) implements Exchange {
    }

    /**
     * Retries ran out while an earlier attempt may have been performed and no lookup could tell: the outcome is
     * unknown, so the result must say so instead of claiming a plain failure.
     */
    record Ambiguous(Exchange last, int attempts) implements Exchange {
    }

    /** True when the provider may have performed the call although we got no usable answer. */
    default boolean mayHaveBeenPerformed() {
        return switch (this) {
            case Unreachable u -> true;
            case Answered a -> a.status() >= 500;
            case Reconciled r -> false;
            case Ambiguous a -> true;
        };
    }

    default Exchange withAttempts(final int attempts) {
        return switch (this) {
            case Answered a -> new Answered(a.status(), a.body(), a.retryAfter(), attempts);
            case Unreachable u -> new Unreachable(u.reason(), attempts);
            case Reconciled r -> new Reconciled(r.body(), attempts);
            case Ambiguous a -> new Ambiguous(a.last(), attempts);
        };
    }
}
