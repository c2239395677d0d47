package dev.numbers.harness.docs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Java types as a user writes their values in YAML or the environment. */
final class TypeNames {

    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("java.lang.String", "string"),
            Map.entry("int", "integer"),
            Map.entry("java.lang.Integer", "integer"),
            Map.entry("long", "integer"),
            Map.entry("java.lang.Long", "integer"),
            Map.entry("short", "integer"),
            Map.entry("double", "decimal"),
            Map.entry("java.lang.Double", "decimal"),
            Map.entry("boolean", "boolean"),
            Map.entry("java.lang.Boolean", "boolean"),
            Map.entry("java.time.Duration", "duration"),
            Map.entry("java.nio.file.Path", "path"),
            Map.entry("java.net.URI", "URL"),
            Map.entry("java.util.Map", "map"));

    private TypeNames() {
    }

    static String readable(final String javaType, final ClassLoader types) {
        final var known = KNOWN.get(javaType);
        if (known != null) {
            return known;
        }
        try {
            final var type = Class.forName(javaType, false, types);
            if (type.isEnum()) {
                return "one of " + Arrays.stream(type.getEnumConstants())
                        .map(c -> "`" + ((Enum<?>) c).name().toLowerCase(Locale.ROOT) + "`")
                        .collect(Collectors.joining(", "));
            }
        } catch (ClassNotFoundException e) {
            // not on this class path: the Java name below still says what it is
        }
        return javaType.substring(javaType.lastIndexOf('.') + 1);
    }
}
