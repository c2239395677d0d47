package dev.numbers.connector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/**
 * SignalWire account (prefix {@code connector.providers.signalwire}). {@code baseUrl} ends in
 * {@code /api/relay/rest}; the token comes from the environment ({@code CONNECTOR_PROVIDERS_SIGNALWIRE_API_TOKEN}).
 */
@io.micronaut.context.annotation.Context
@ConfigurationProperties("connector.providers.signalwire")
public record SignalWireConfig(
        @NotBlank String baseUrl,
        @NotBlank String projectId,
        @NotBlank String apiToken,
        @Bindable(defaultValue = "50") @Positive int requestsPerSecond) {

    @Override
    public String toString() {
        return "SignalWireConfig[baseUrl=" + baseUrl + ", projectId=" + projectId + ", apiToken="
                + Redaction.mask(apiToken) + ", requestsPerSecond=" + requestsPerSecond + "]";
    }
}
