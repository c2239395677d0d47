package dev.numbers.connector;

import dev.numbers.connector.ledger.ClaimConfig;
import dev.numbers.connector.provider.InFlight;
import dev.numbers.connector.provider.RetryConfig;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * How long a post may still be performed after it was sent: the request time-out plus the claims' provider margin.
 * One number for any post, this process's (the provider clients wait it out before a re-post) or another's (the
 * claims wait it out before a takeover posts); built here because the providers may not depend on the ledger.
 */
@Factory
final class InFlightFactory {

    @Singleton
    InFlight inFlight(final RetryConfig retry, final ClaimConfig claims) {
        return InFlight.of(retry.requestTimeout(), claims.providerMargin());
    }
}
