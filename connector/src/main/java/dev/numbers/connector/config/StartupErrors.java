package dev.numbers.connector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.context.exceptions.DependencyInjectionException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a failed start-up into the lines a user needs: which configuration key is missing or invalid, by the name
 * they set it with (dashed key and environment variable), instead of Micronaut's injection stack trace.
 */
public final class StartupErrors {

    private static final Pattern MISSING = Pattern.compile("Error resolving property value \\[([^\\]]+)\\]");
    private static final Pattern VIOLATION = Pattern.compile("([\\w.$]+)\\.(\\w+) - ([^\\n\\]]+)");

    private StartupErrors() {
    }

    /** One line per problem found, or the innermost message when the failure is not about configuration. */
    public static List<String> describe(final Throwable failure) {
        final var problems = new LinkedHashSet<String>();
        for (var cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            final var message = String.valueOf(cause.getMessage());
            final var missing = MISSING.matcher(message);
            while (missing.find()) {
                problems.add(missing.group(1) + " is required and not set (environment variable "
                        + environmentName(missing.group(1)) + ")");
            }
            final var violation = VIOLATION.matcher(message);
            while (violation.find()) {
                keyOf(violation.group(1), violation.group(2)).ifPresent(key -> problems.add(key + ": "
                        + violation.group(3).trim()));
            }
            if (cause instanceof ConfigurationException
                    && !(cause instanceof DependencyInjectionException)) {
                // Checks made in code (accounts) say what to fix in their message, naming the key.
                problems.add(message.lines().findFirst().orElse(""));
            }
        }
        if (!problems.isEmpty()) {
            return new ArrayList<>(problems);
        }
        var innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        return List.of(innermost.getClass().getSimpleName() + ": " + String.valueOf(innermost.getMessage())
                .lines().findFirst().orElse(""));
    }

    private static Optional<String> keyOf(final String className, final String field) {
        try {
            final var prefix = Class.forName(className).getAnnotation(ConfigurationProperties.class);
            return prefix == null ? Optional.empty()
                    : Optional.of(prefix.value() + "." + dashed(field));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    private static String dashed(final String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String environmentName(final String key) {
        return key.replaceAll("[.-]", "_").toUpperCase(Locale.ROOT);
    }
}
