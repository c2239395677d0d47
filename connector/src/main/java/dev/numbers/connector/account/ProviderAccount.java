package dev.numbers.connector.account;

import dev.numbers.schemas.avro.Provider;

/**
 * One provider account as the clients use it. {@code user} is the SignalWire project id (Basic auth user), null for
 * Telnyx; {@code secret} is the SignalWire token or the Telnyx API key, read for every request built.
 */
public record ProviderAccount(AccountId id, String baseUrl, String user, Secret secret, int requestsPerSecond) {

    public Provider provider() {
        return id.provider();
    }

    public String name() {
        return id.name();
    }

    @Override
    public String toString() {
        return "ProviderAccount[" + id + ", baseUrl=" + baseUrl + ", user=" + user + ", secret=" + secret
                + ", requestsPerSecond=" + requestsPerSecond + "]";
    }
}
