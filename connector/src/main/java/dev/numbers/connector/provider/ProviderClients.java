package dev.numbers.connector.provider;

import dev.numbers.connector.account.AccountCatalog;
import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.account.AccountLimiters;
import dev.numbers.connector.config.ConnectorConfig;
import dev.numbers.connector.config.RetryConfig;
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

    private final Map<String, SignalWireClient> signalWire = new HashMap<>();
    private final Map<String, TelnyxClient> telnyx = new HashMap<>();

    public ProviderClients(final AccountCatalog catalog, final AccountLimiters limiters,
            final ConnectorConfig connector,
                           final RetryConfig retry, final ProviderHealth health, final MeterRegistry meters,
                           final RequestLimits limits, final SearchConfig search) {
        for (final var account : catalog.all()) {
            final var limiter = limiters.limiter(account);
            switch (account.provider()) {
                case SIGNALWIRE -> signalWire.put(account.name(), new SignalWireClient(account,
                        connector.bridgeCallbackUrl(), retry, limiter, health, meters, limits));
                case TELNYX -> telnyx.put(account.name(), new TelnyxClient(account, retry, limiter, health, meters,
                        search));
            }
        }
    }

    /** The client of a SignalWire account the catalog routed to. */
    public SignalWireClient signalWire(final String account) {
        return signalWire.get(account);
    }

    /** The client of a Telnyx account the catalog routed to. */
    public TelnyxClient telnyx(final String account) {
        return telnyx.get(account);
    }

    /** A cheap authenticated read with the account's current credentials. */
    public Exchange probe(final AccountId account) {
        return switch (account.provider()) {
            case SIGNALWIRE -> signalWire.get(account.name()).probe();
            case TELNYX -> telnyx.get(account.name()).probe();
        };
    }

    @PreDestroy
    void close() {
        signalWire.values().forEach(SignalWireClient::close);
        telnyx.values().forEach(TelnyxClient::close);
    }
}
