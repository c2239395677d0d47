package dev.numbers.connector.provider;

import dev.numbers.connector.account.AccountCatalog;
import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.account.AccountLimiters;
import dev.numbers.connector.config.ConnectorConfig;
import dev.numbers.connector.provider.signalwire.SignalWireClient;
import dev.numbers.connector.provider.telnyx.TelnyxClient;
import dev.numbers.connector.validation.RequestLimits;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/**
 * One client per configured account, each with its own rate limiter (from {@link AccountLimiters}), HTTP client and
 * credentials; built once at start-up from the {@link AccountCatalog}.
 */
@Singleton
public final class ProviderClients {

    private final Map<AccountId, ProviderClient> clients = new HashMap<>();

    public ProviderClients(final AccountCatalog catalog, final AccountLimiters limiters,
                           final ConnectorConfig connector,
                           final RetryConfig retry, final ProviderHealth health, final MeterRegistry meters,
                           final RequestLimits limits, final SearchConfig search, final InFlight inFlight) {
        final var settings = new ProviderSettings(retry, search, connector.bridgeCallbackUrl(), limits.maxListPages(),
                inFlight);
        for (final var account : catalog.all()) {
            final var limiter = limiters.limiter(account);
            // The one place that knows which class speaks to which provider.
            clients.put(account.id(), switch (account.provider()) {
                case SIGNALWIRE -> new SignalWireClient(account, settings, limiter, health, meters);
                case TELNYX -> new TelnyxClient(account, settings, limiter, health, meters);
            });
        }
    }

    /** The client of an account the catalog routed to. */
    public ProviderClient client(final AccountId account) {
        final var client = clients.get(account);
        if (client == null) {
            throw new IllegalArgumentException("no client for account " + account.name() + " of "
                    + account.provider());
        }
        return client;
    }

    /** A cheap authenticated read with the account's current credentials. */
    public Exchange probe(final AccountId account) {
        return client(account).probe();
    }

    @PreDestroy
    void close() {
        clients.values().forEach(ProviderClient::close);
    }
}
