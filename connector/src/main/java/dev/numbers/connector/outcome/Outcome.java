package dev.numbers.connector.outcome;

import dev.numbers.schemas.avro.NumberConfigured;
import dev.numbers.schemas.avro.ProviderError;
import java.util.List;

/**
 * What became of one request. {@code attempts} counts HTTP calls; {@code providerPayload} is the raw body of the
 * final answer (null when none was received).
 */
public sealed interface Outcome {

    int attempts();

    String providerPayload();

    /**
     * {@code resource} is one of the Avro resource records of NumberResult.resource; {@code reconciled} when it was
     * found at the provider by a lookup instead of being the answer to our own call; {@code configuration} is what a
     * buy-and-configure did to the number bought, null for every other operation.
     */
    record Succeeded(Object resource, String providerPayload, int attempts, boolean reconciled,
                     Configuration configuration) implements Outcome {
        public Succeeded(final Object resource, final String providerPayload, final int attempts,
                         final boolean reconciled) {
            this(resource, providerPayload, attempts, reconciled, null);
        }

        public Succeeded(final Object resource, final String providerPayload, final int attempts) {
            this(resource, providerPayload, attempts, false);
        }
    }

    /**
     * The configuration step of a buy-and-configure: what it did, and when the provider refused it or the connector
     * gave up, why ({@code errors}, their field under {@code configuration.}); the purchase stands either way.
     */
    record Configuration(NumberConfigured result, List<ProviderError> errors) {
        public Configuration {
            errors = List.copyOf(errors);
        }
    }

    /** The request itself is wrong (local validation or a provider 4xx); retrying it will not help. */
    record Rejected(List<ProviderError> errors, String providerPayload, int attempts) implements Outcome {
        public Rejected {
            errors = List.copyOf(errors);
        }
    }

    /**
     * The connector gave up: retries exhausted, credentials refused, or the answer made no sense. {@code partial} is
     * what was read before it gave up (the orders of the pages a listing followed), or null.
     */
    record Failed(List<ProviderError> errors, String providerPayload, int attempts, Object partial) implements Outcome {
        public Failed {
            errors = List.copyOf(errors);
        }

        public Failed(final List<ProviderError> errors, final String providerPayload, final int attempts) {
            this(errors, providerPayload, attempts, null);
        }
    }
}
