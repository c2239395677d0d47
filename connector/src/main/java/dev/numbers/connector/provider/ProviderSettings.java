package dev.numbers.connector.provider;

/**
 * The provider clients' one configuration record, gathered from the keys users set: how calls are retried
 * ({@code connector.retry.*}), how long a Telnyx order of a search is waited for ({@code connector.search.*}), the
 * status callback URL sent with assignment orders that name none ({@code connector.bridge-callback-url}) and how
 * many pages a listing follows ({@code connector.limits.max-list-pages}), and how long a post whose outcome is unknown
 * may still be performed ({@code connector.retry.request-timeout} plus {@code connector.claims.provider-margin}, with
 * the clock and pause it is waited out by). Each key keeps its own record, which names it in start-up errors; a client
 * reads only this.
 */
public record ProviderSettings(RetryConfig retry, SearchConfig search, String bridgeCallbackUrl, int maxListPages,
                               InFlight inFlight) {
}
