package dev.numbers.connector.config;

import java.util.Locale;

/** The one place that decides what counts as a secret when configuration is printed. */
public final class Redaction {
    public static final String MASK = "****";

    private Redaction() {
    }

    public static boolean isSecretKey(final String key) {
        final var lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("token")
                || lower.contains("jaas") || lower.contains("credentials") || lower.contains("key");
    }

    public static String mask(final String secret) {
        return secret == null || secret.isEmpty() ? "<unset>" : MASK;
    }
}
