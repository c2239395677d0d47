package dev.numbers.schemas.serde;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.types.Password;

/**
 * Everything the serde needs to talk to a Confluent-API schema registry.
 *
 * @param registryUrl         base URL of the Confluent REST API (for Apicurio: {@code .../apis/ccompat/v7})
 * @param basicAuthUserInfo   {@code user:password} for HTTP basic auth, or null for none
 * @param truststoreLocation  path of the truststore used to verify the registry's TLS certificate, or null for the
 * JDK's
 * @param truststorePassword  the truststore's password, or null
 * @param truststoreType      the truststore's type, e.g. JKS or PKCS12
 * @param autoRegister        register unknown schemas (true) or only look them up (false, the production choice when
 *                            schemas are registered by CI)
 * @param subjectNameStrategy how topic and record map to a subject
 * @param missingIdTtl        how long a 404 for a schema id is remembered, so records naming an unknown id do not
 *                            cost a registry call each (zero: not remembered)
 * @param missingSchemaTtl    how long a 404 for a schema looked up under a subject is remembered
 * @param bearerToken         a static bearer token sent as {@code Authorization: Bearer ...} when no basic auth is set
 *                            (Confluent's {@code bearer.auth.token}), or null
 */
public record SerdeConfig(
        String registryUrl,
        String basicAuthUserInfo,
        String truststoreLocation,
        String truststorePassword,
        String truststoreType,
        boolean autoRegister,
        SubjectNameStrategy subjectNameStrategy,
        Duration missingIdTtl,
        Duration missingSchemaTtl,
        String bearerToken) {

    /** Confluent's keys and, unlike Confluent's 0, a short default: an unknown id should not cost a call per record. */
    public static final String MISSING_ID_CACHE_TTL_SEC = "missing.id.cache.ttl.sec";
    public static final String MISSING_SCHEMA_CACHE_TTL_SEC = "missing.schema.cache.ttl.sec";
    public static final Duration DEFAULT_MISSING_TTL = Duration.ofSeconds(10);

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";

    public SerdeConfig {
        Objects.requireNonNull(registryUrl, SCHEMA_REGISTRY_URL + " is required");
        if (registryUrl.isBlank()) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " is required");
        }
        registryUrl = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
        truststoreType = truststoreType == null || truststoreType.isBlank() ? "JKS" : truststoreType;
        subjectNameStrategy = subjectNameStrategy == null ? SubjectNameStrategy.TOPIC : subjectNameStrategy;
        missingIdTtl = missingIdTtl == null ? DEFAULT_MISSING_TTL : missingIdTtl;
        missingSchemaTtl = missingSchemaTtl == null ? DEFAULT_MISSING_TTL : missingSchemaTtl;
        if (missingIdTtl.isNegative() || missingSchemaTtl.isNegative()) {
            throw new IllegalArgumentException(MISSING_ID_CACHE_TTL_SEC + " and " + MISSING_SCHEMA_CACHE_TTL_SEC
                    + " must not be negative");
        }
    }

    /** The same settings with the default time a 404 is remembered. */
    public SerdeConfig(final String registryUrl, final String basicAuthUserInfo, final String truststoreLocation,
                       final String truststorePassword, final String truststoreType, final boolean autoRegister,
                       final SubjectNameStrategy subjectNameStrategy) {
        this(registryUrl, basicAuthUserInfo, truststoreLocation, truststorePassword, truststoreType, autoRegister,
                subjectNameStrategy, null, null, null);
    }

    /** Plain HTTP, no auth, auto-registering, topic-named subjects: what tests and the local stack use. */
    public static SerdeConfig of(final String registryUrl) {
        return new SerdeConfig(registryUrl, null, null, null, null, true, SubjectNameStrategy.TOPIC);
    }

    /** Reads a value serde's settings from Kafka client properties, with Confluent's keys. */
    public static SerdeConfig fromMap(final Map<String, ?> configs) {
        return fromMap(configs, false);
    }

    public static SerdeConfig fromMap(final Map<String, ?> configs, final boolean isKey) {
        final var url = string(configs, SCHEMA_REGISTRY_URL);
        if (url == null) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " is required");
        }
        final var strategy = string(configs, isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY);
        final var autoRegister = string(configs, AUTO_REGISTER_SCHEMAS);
        return new SerdeConfig(
                // Confluent accepts a comma-separated list; one registry behind a load balancer is what we run.
                url.split(",")[0].trim(),
                string(configs, BASIC_AUTH_USER_INFO),
                string(configs, TRUSTSTORE_LOCATION),
                string(configs, TRUSTSTORE_PASSWORD),
                string(configs, TRUSTSTORE_TYPE),
                autoRegister == null || Boolean.parseBoolean(autoRegister),
                strategy == null ? SubjectNameStrategy.TOPIC : SubjectNameStrategy.parse(strategy),
                seconds(configs, MISSING_ID_CACHE_TTL_SEC),
                seconds(configs, MISSING_SCHEMA_CACHE_TTL_SEC),
                string(configs, BEARER_AUTH_TOKEN));
    }

    private static Duration seconds(final Map<String, ?> configs, final String key) {
        final var text = string(configs, key);
        if (text == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number of seconds, was " + text);
        }
    }

    private static String string(final Map<String, ?> configs, final String key) {
        final Object value = configs.get(key);
        if (value == null) {
            return null;
        }
        // Kafka hands over passwords as org.apache.kafka.common.config.types.Password, whose toString hides them.
        final var text = value instanceof Password p ? p.value() : value.toString();
        return text.isBlank() ? null : text.trim();
    }

    @Override
    public String toString() {
        return "SerdeConfig[registryUrl=" + registryUrl
                + ", basicAuthUserInfo=" + (basicAuthUserInfo == null ? "none" : redactedUserInfo())
                + ", truststoreLocation=" + truststoreLocation
                + ", truststorePassword=" + (truststorePassword == null ? "none" : "[hidden]")
                + ", truststoreType=" + truststoreType
                + ", autoRegister=" + autoRegister
                + ", subjectNameStrategy=" + subjectNameStrategy
                + ", missingIdTtl=" + missingIdTtl
                + ", missingSchemaTtl=" + missingSchemaTtl
                + ", bearerToken=" + (bearerToken == null ? "none" : "[hidden]") + "]";
    }

    private String redactedUserInfo() {
        final int colon = basicAuthUserInfo.indexOf(':');
        return (colon < 0 ? basicAuthUserInfo : basicAuthUserInfo.substring(0, colon)) + ":[hidden]";
    }
}
