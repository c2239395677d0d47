package dev.numbers.sandbox.simulator;

import java.util.Map;

/**
 * One simulated provider's HTTP API: where it lives, its routing table, its error shape and its handlers.
 * {@link ProviderSimulator} does what is common to every provider (recording, authentication, faults, rate limits)
 * and asks the API whose {@link #base()} the path starts with for everything else.
 */
interface ProviderApi {

    /** Whose accounts authenticate the calls (and whose rate limits apply). */
    Accounts.Kind kind();

    /** The path prefix, e.g. {@code /v2}; handlers see paths relative to it. */
    String base();

    /** The endpoint that serves this call, or null (404). */
    Endpoint route(String method, String path);

    Reply handle(Endpoint endpoint, Call call);

    /** The provider's error body for a status (401, 404, 429, 503, 500...). */
    Reply error(int status);

    /** What the provider holds, for inspection. */
    ProviderStore store();

    /** Headers that report the account's rate limit on every answer; none unless the provider sends them. */
    default Map<String, String> limitHeaders(Faults.Admission admission) {
        return Map.of();
    }
}
