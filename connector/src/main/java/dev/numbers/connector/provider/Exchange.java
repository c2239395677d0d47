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
     * No answer (timeout, connection refused or reset). The request may have reached the provider, which is why
     * issue 5 reconciles before posting again; {@code reason} never contains the request's headers.
     */
    record Unreachable(String reason, int attempts) implements Exchange {
    }

    default Exchange withAttempts(final int attempts) {
        return switch (this) {
            case Answered a -> new Answered(a.status(), a.body(), a.retryAfter(), attempts);
            case Unreachable u -> new Unreachable(u.reason(), attempts);
        };
    }
}
