package dev.numbers.connector.config;

import dev.numbers.schemas.cluster.ClientSecrets;
import dev.numbers.schemas.cluster.ClusterSettings;
import dev.numbers.schemas.serde.SerdeConfig;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.validation.constraints.NotBlank;
import java.util.HashMap;
import java.util.Map;

/**
 * Schema registry location and auth (prefix {@code connector.registry}). {@code username}/{@code password} set basic
 * auth; {@code properties} passes Confluent's registry keys through as the bridge and the CLI take them
 * ({@code bearer.auth.token}, {@code schema.registry.ssl.truststore.*}, {@code basic.auth.user.info}, any of them as
 * {@code <key>-file}).
 *
 * @param url the schema registry's Confluent-API base URL (Apicurio: {@code .../apis/ccompat/v7})
 * @param username basic auth user towards the registry
 * @param password basic auth password towards the registry; never printed
 * @param autoRegisterSchemas register the connector's schemas when the registry does not know them yet
 * @param properties Confluent registry client keys passed through ({@code bearer.auth.token}, {@code
 *                   schema.registry.ssl.truststore.*}, ...), any of them as {@code <key>-file}
 */
@Context
@ConfigurationProperties("connector.registry")
public record RegistryConfig(
        @NotBlank String url,
        @Nullable String username,
        @Nullable String password,
        @Bindable(defaultValue = "true") boolean autoRegisterSchemas,
        @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT, keyFormat = StringConvention.RAW)
        Map<String, String> properties) {

    public RegistryConfig {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** The serde settings for this registry; basic auth from username/password when a username is configured. */
    public SerdeConfig serdeConfig() {
        final var settings = new HashMap<>(properties);
        if (username != null) {
            settings.put(SerdeConfig.BASIC_AUTH_USER_INFO, username + ":" + (password == null ? "" : password));
        }
        settings.put(SerdeConfig.AUTO_REGISTER_SCHEMAS, String.valueOf(autoRegisterSchemas));
        return ClusterSettings.registryClient(url, settings);
    }

    @Override
    public String toString() {
        return "RegistryConfig[url=" + url + ", username=" + username + ", password=" + Redaction.mask(password)
                + ", autoRegisterSchemas=" + autoRegisterSchemas + ", properties=" + ClientSecrets.redacted(properties)
                + "]";
    }
}
