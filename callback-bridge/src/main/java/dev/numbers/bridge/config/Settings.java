package dev.numbers.bridge.config;

import java.time.Duration;

/**
 * Checks a configuration record makes of its own values, failing start-up with the key an operator has to fix
 * ({@code bridge.kafka.bootstrap-servers must be set}) rather than a Java parameter name, which is what bean validation
 * on a record's parameters reports.
 */
public final class Settings {

    private Settings() {
    }

    /** A value that must be set and not blank. */
    public static String required(final String key, final String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSetting(key, "must be set");
        }
        return value;
    }

    /** A value that must be set (a default normally sees to it; an empty value in the environment does not). */
    public static <T> T present(final String key, final T value) {
        if (value == null) {
            throw new InvalidSetting(key, "must be set");
        }
        return value;
    }

    /** A duration that must be set and above zero. */
    public static Duration positive(final String key, final Duration value) {
        if (value == null) {
            throw new InvalidSetting(key, "must be set");
        }
        if (value.isZero() || value.isNegative()) {
            throw new InvalidSetting(key, "must be above zero, was " + value);
        }
        return value;
    }

    /** A duration that must be set and not negative (zero allowed). */
    public static Duration notNegative(final String key, final Duration value) {
        if (value == null) {
            throw new InvalidSetting(key, "must be set");
        }
        if (value.isNegative()) {
            throw new InvalidSetting(key, "must not be negative, was " + value);
        }
        return value;
    }

    /** A number of at least {@code min}. */
    public static int atLeast(final String key, final int value, final int min) {
        if (value < min) {
            throw new InvalidSetting(key, "must be at least " + min + ", was " + value);
        }
        return value;
    }

    /** A number within {@code [min, max]}. */
    public static int within(final String key, final int value, final int min, final int max) {
        if (value < min || value > max) {
            throw new InvalidSetting(key, "must lie between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
