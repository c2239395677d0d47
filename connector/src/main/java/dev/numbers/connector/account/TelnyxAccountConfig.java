package dev.numbers.connector.account;

import dev.numbers.connector.config.Redaction;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Positive;
import java.util.Map;

/**
 * One named Telnyx account (prefix {@code connector.providers.telnyx.accounts.<name>}): its API key ({@code api-key},
 * or {@code api-key-file} re-read when the file changes). {@code baseUrl} and {@code requestsPerSecond} default to
 * the provider's ({@code connector.providers.telnyx.*}).
 *
 * @param name the account's name, as requests and {@code connector.accounts.tenants} give it
 * @param baseUrl this account's API URL; unset: the provider's
 * @param apiKey its API key, inline or from the environment; never printed
 * @param apiKeyFile a file holding the key (a mounted Secret), re-read when it changes
 * @param requestsPerSecond this account's limit for the whole consumer group; unset: the provider's
 * @param numberDefaults the settings every number bought or configured through the account gets unless
 *        the request gives that field itself (field names of the provider's configuration record)
 */
@EachProperty("connector.providers.telnyx.accounts")
public record TelnyxAccountConfig(
        @Parameter String name,
        @Nullable String baseUrl,
        @Nullable String apiKey,
        @Nullable String apiKeyFile,
        @Nullable @Positive Integer requestsPerSecond,
        @Nullable Map<String, String> numberDefaults) {

    @Override
    public String toString() {
        return "TelnyxAccountConfig[name=" + name + ", baseUrl=" + baseUrl + ", apiKey=" + Redaction.mask(apiKey)
                + ", apiKeyFile=" + apiKeyFile + ", requestsPerSecond=" + requestsPerSecond + ", numberDefaults="
                + numberDefaults + "]";
    }
}
