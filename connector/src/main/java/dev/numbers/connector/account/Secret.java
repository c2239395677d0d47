package dev.numbers.connector.account;

import dev.numbers.schemas.cluster.SecretFile;

/**
 * An account's credential as the clients read it, once per request they build: fixed from configuration or the
 * environment, or kept in a file and re-read when the file changes ({@link SecretFile}). Never printed.
 */
public sealed interface Secret {

    String value();

    /** A value given in configuration; changes only with a restart. */
    record Fixed(String secret) implements Secret {
        public String value() {
            return secret;
        }

        @Override
        public String toString() {
            return "Secret[fixed]";
        }
    }

    /** A value kept in a file; a rewritten file is used from the next call on. */
    record FromFile(SecretFile file) implements Secret {
        public String value() {
            return file.value();
        }

        @Override
        public String toString() {
            return "Secret[file " + file.path() + "]";
        }
    }

    /**
     * The secret set by {@code key} or {@code key-file} ({@code fileKey}); exactly one of them must be set.
     * {@code key} names the setting in the error a user sees.
     */
    static Secret of(final String key, final String value, final String fileKey, final String file) {
        final boolean hasValue = value != null && !value.isBlank();
        final boolean hasFile = file != null && !file.isBlank();
        if (hasValue == hasFile) {
            throw new AccountConfigException(hasValue ? "set either " + key + " or " + fileKey + ", not both"
                    : key + " is required and not set (environment variable " + AccountCatalog.environmentName(key)
                    + ", or " + fileKey + " naming a file that holds it)");
        }
        if (hasValue) {
            return new Fixed(value);
        }
        try {
            return new FromFile(new SecretFile(fileKey, file));
        } catch (RuntimeException unreadable) {
            throw new AccountConfigException(unreadable.getMessage());
        }
    }
}
