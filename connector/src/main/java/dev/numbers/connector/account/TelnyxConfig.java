package dev.numbers.connector.account;

import dev.numbers.connector.config.Redaction;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;

/**
 * Telnyx settings shared by its accounts (prefix {@code connector.providers.telnyx}). {@code baseUrl} (ending in
 * {@code /v2}) and {@code requestsPerSecond} are the accounts' defaults.
 *
 * <p>The single-account keys still work: {@code api-key} (environment {@code CONNECTOR_PROVIDERS_TELNYX_API_KEY}) or
 * {@code api-key-file} define the account named {@code default}. Named accounts are {@code accounts.<name>.*}
 * ({@link TelnyxAccountConfig}); {@code defaultAccount} as for SignalWire.
 *
 * @param baseUrl the API URL (ending in {@code /v2}), default of every Telnyx account
 * @param apiKey API key of the single-account configuration (the account named {@code default}); never printed
 * @param apiKeyFile a file holding that key, re-read when it changes
 * @param requestsPerSecond the provider's limit per account for the whole consumer group, default of every account
 * @param defaultAccount account of a request that names none and whose tenant is not mapped
 */
@Context
@ConfigurationProperties("connector.providers.telnyx")
public record TelnyxConfig(
        @Nullable String baseUrl,
        @Nullable String apiKey,
        @Nullable String apiKeyFile,
        @Bindable(defaultValue = "50") @Positive int requestsPerSecond,
        @Nullable String defaultAccount) {

    @Override
    public String toString() {
        return "TelnyxConfig[baseUrl=" + baseUrl + ", apiKey=" + Redaction.mask(apiKey) + ", apiKeyFile="
                + apiKeyFile + ", requestsPerSecond=" + requestsPerSecond + ", defaultAccount=" + defaultAccount + "]";
    }
}
