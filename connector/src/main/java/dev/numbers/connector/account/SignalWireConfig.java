package dev.numbers.connector.account;

import dev.numbers.connector.config.Redaction;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;

/**
 * SignalWire settings shared by its accounts (prefix {@code connector.providers.signalwire}). {@code baseUrl} (the
 * Space URL, ending in {@code /api/relay/rest}) and {@code requestsPerSecond} are the accounts' defaults.
 *
 * <p>The single-account keys of before accounts existed still work: {@code project-id} with {@code api-token}
 * (environment {@code CONNECTOR_PROVIDERS_SIGNALWIRE_API_TOKEN}) or {@code api-token-file} define the account named
 * {@code default}. Named accounts are {@code accounts.<name>.*}
 * ({@link SignalWireAccountConfig}); {@code defaultAccount} names the one a request
 * without account or tenant mapping uses ({@code default} unless set, or the only account when there is one).
 *
 * @param baseUrl the Space URL (ending in {@code /api/relay/rest}), default of every SignalWire account
 * @param projectId project of the single-account configuration (the account named {@code default})
 * @param apiToken its API token, inline or from the environment; never printed
 * @param apiTokenFile a file holding that token, re-read when it changes
 * @param requestsPerSecond the provider's limit per account for the whole consumer group, default of every account
 * @param defaultAccount account of a request that names none and whose tenant is not mapped
 */
@Context
@ConfigurationProperties("connector.providers.signalwire")
public record SignalWireConfig(
        @Nullable String baseUrl,
        @Nullable String projectId,
        @Nullable String apiToken,
        @Nullable String apiTokenFile,
        @Bindable(defaultValue = "50") @Positive int requestsPerSecond,
        @Nullable String defaultAccount) {

    @Override
    public String toString() {
        return "SignalWireConfig[baseUrl=" + baseUrl + ", projectId=" + projectId + ", apiToken="
                + Redaction.mask(apiToken) + ", apiTokenFile=" + apiTokenFile + ", requestsPerSecond="
                + requestsPerSecond + ", defaultAccount=" + defaultAccount + "]";
    }
}
