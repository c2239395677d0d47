package dev.numbers.harness.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * A service's {@code application.yml} as flat keys: the values it ships are the defaults a running service has, and
 * a {@code ${ENV:default}} placeholder names the environment variable that sets the key.
 */
public final class ApplicationYaml {

    /** Where a service keeps it, relative to its module's directory. */
    public static final Path IN_MODULE = Path.of("src/main/resources/application.yml");

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):(.*)}");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-z][a-z0-9.-]*)}");

    private ApplicationYaml() {
    }

    /** Leaf keys (dotted, as written) and their values, in file order. */
    public static Map<String, String> read(final Path yaml) {
        try {
            final Map<String, Object> tree = new Yaml().load(Files.readString(yaml));
            final var flat = new LinkedHashMap<String, String>();
            flatten("", tree, flat);
            return flat;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + yaml, e);
        }
    }

    /** A value as the reference shows it: the default of a placeholder with its variable, or the value itself. */
    static String shown(final String value) {
        final var env = ENV.matcher(value);
        if (env.matches()) {
            final var fallback = env.group(2).replace("`", "");
            return (fallback.isEmpty() ? "none" : "`" + fallback + "`") + " (env `" + env.group(1) + "`)";
        }
        final var reference = REFERENCE.matcher(value);
        if (reference.matches()) {
            return "the value of `" + reference.group(1) + "`";
        }
        return "`" + value + "`";
    }

    @SuppressWarnings("unchecked")
    private static void flatten(final String prefix, final Map<String, Object> tree, final Map<String, String> flat) {
        if (tree == null) {
            return;
        }
        tree.forEach((key, value) -> {
            final var name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> child) {
                flatten(name, (Map<String, Object>) child, flat);
            } else {
                flat.put(name, String.valueOf(value));
            }
        });
    }
}
