package dev.numbers.connector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;

/** Schema registry location and optional basic auth (prefix {@code connector.registry}). */
@io.micronaut.context.annotation.Context
@ConfigurationProperties("connector.registry")
public record RegistryConfig(
        @NotBlank String url,
        @Nullable String username,
        @Nullable String password,
        @io.micronaut.core.bind.annotation.Bindable(defaultValue = "true") boolean autoRegisterSchemas) {

    /** The serde settings for this registry; basic auth only when a username is configured. */
    public dev.numbers.schemas.serde.SerdeConfig serdeConfig() {
        return new dev.numbers.schemas.serde.SerdeConfig(url, username == null ? null : username + ":" + password,
                null, null, null, autoRegisterSchemas, dev.numbers.schemas.serde.SubjectNameStrategy.TOPIC);
    }

    @Override
    public String toString() {
        return "RegistryConfig[url=" + url + ", username=" + username + ", password=" + Redaction.mask(password)
                + ", autoRegisterSchemas=" + autoRegisterSchemas + "]";
    }
}
