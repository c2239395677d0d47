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
 * {@code number-defaults.<field>}: the settings every number bought or configured through the account gets unless
 * the request gives that field itself (field names of the provider's configuration record).
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
