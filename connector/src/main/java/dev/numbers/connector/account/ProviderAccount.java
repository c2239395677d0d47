package dev.numbers.connector.account;

import dev.numbers.connector.operation.NumberSettings;
import dev.numbers.schemas.avro.Provider;

/**
 * One provider account as the clients use it. {@code user} is the SignalWire project id (Basic auth user), null for
 * Telnyx; {@code secret} is the SignalWire token or the Telnyx API key, read for every request built;
 * {@code defaults} are the number settings a request's own configuration is laid over.
 */
public record ProviderAccount(AccountId id, String baseUrl, String user, Secret secret, int requestsPerSecond,
                              NumberSettings defaults) {

    public ProviderAccount(final AccountId id, final String baseUrl, final String user, final Secret secret,
                           final int requestsPerSecond) {
        this(id, baseUrl, user, secret, requestsPerSecond, NumberSettings.none());
    }

    public Provider provider() {
        return id.provider();
    }

    public String name() {
        return id.name();
    }

    @Override
    public String toString() {
        return "ProviderAccount[" + id + ", baseUrl=" + baseUrl + ", user=" + user + ", secret=" + secret
                + ", requestsPerSecond=" + requestsPerSecond + ", defaults=" + defaults + "]";
    }
}
