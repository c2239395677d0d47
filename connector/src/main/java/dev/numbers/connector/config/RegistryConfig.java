package dev.numbers.connector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;

/** Schema registry location and optional basic auth (prefix {@code connector.registry}). */
@io.micronaut.context.annotation.Context
@ConfigurationProperties("connector.registry")
public record RegistryConfig(@NotBlank String url, @Nullable String username, @Nullable String password) {

    @Override
    public String toString() {
        return "RegistryConfig[url=" + url + ", username=" + username + ", password=" + Redaction.mask(password) + "]";
    }
}
