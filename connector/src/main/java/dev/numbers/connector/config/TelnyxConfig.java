package dev.numbers.connector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/**
 * Telnyx account (prefix {@code connector.providers.telnyx}). {@code baseUrl} ends in {@code /v2}; the key comes
 * from the environment ({@code CONNECTOR_PROVIDERS_TELNYX_API_KEY}).
 */
@io.micronaut.context.annotation.Context
@ConfigurationProperties("connector.providers.telnyx")
public record TelnyxConfig(
        @NotBlank String baseUrl,
        @NotBlank String apiKey,
        @Bindable(defaultValue = "50") @Positive int requestsPerSecond) {

    @Override
    public String toString() {
        return "TelnyxConfig[baseUrl=" + baseUrl + ", apiKey=" + Redaction.mask(apiKey)
                + ", requestsPerSecond=" + requestsPerSecond + "]";
    }
}
