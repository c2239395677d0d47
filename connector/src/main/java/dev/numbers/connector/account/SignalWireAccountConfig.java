package dev.numbers.connector.account;

import dev.numbers.connector.config.Redaction;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.util.Map;

/**
 * One named SignalWire account, a project (prefix {@code connector.providers.signalwire.accounts.<name>}): its
 * project id and token ({@code api-token}, or {@code api-token-file} re-read when the file changes). {@code baseUrl}
 * and {@code requestsPerSecond} default to the provider's ({@code connector.providers.signalwire.*}).
 *
 * @param name the account's name, as requests and {@code connector.accounts.tenants} give it
 * @param baseUrl this account's Space URL; unset: the provider's
 * @param projectId the SignalWire project
 * @param apiToken its API token, inline or from the environment; never printed
 * @param apiTokenFile a file holding the token (a mounted Secret), re-read when it changes
 * @param requestsPerSecond this account's limit for the whole consumer group; unset: the provider's
 * @param numberDefaults the settings every number bought or configured through the account gets unless
 *        the request gives that field itself (field names of the provider's configuration record)
 */
@EachProperty("connector.providers.signalwire.accounts")
public record SignalWireAccountConfig(
        @Parameter String name,
        @Nullable String baseUrl,
        @NotBlank String projectId,
        @Nullable String apiToken,
        @Nullable String apiTokenFile,
        @Nullable @Positive Integer requestsPerSecond,
        @Nullable Map<String, String> numberDefaults) {

    @Override
    public String toString() {
        return "SignalWireAccountConfig[name=" + name + ", baseUrl=" + baseUrl + ", projectId=" + projectId
                + ", apiToken=" + Redaction.mask(apiToken) + ", apiTokenFile=" + apiTokenFile
                + ", requestsPerSecond=" + requestsPerSecond + ", numberDefaults=" + numberDefaults
                + "]";
    }
}
