package dev.numbers.harness.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keys that turn beans on or off ({@code @Requires(property = ...)}): no configuration record lists them, so
 * Micronaut's metadata does not either; they are read from the service's sources.
 */
final class Switches {

    private static final Pattern REQUIRES = Pattern.compile(
            "@Requires\\(property = \"([^\"]+)\",\\s*(notEquals|value) = \"([^\"]+)\"\\)");

    private Switches() {
    }

    /** Each switch's key with what turns it and the classes it governs, sorted by key. */
    static List<ConfigurationKey> scan(final Path sources) {
        if (!Files.isDirectory(sources)) {
            return List.of();
        }
        final Map<String, String> conditions = new TreeMap<>();
        final Map<String, TreeSet<String>> governed = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (final var file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                final var matcher = REQUIRES.matcher(Files.readString(file));
                while (matcher.find()) {
                    final var on = matcher.group(2).equals("value")
                            ? "off unless `" + matcher.group(3) + "`"
                            : "on unless `" + matcher.group(3) + "`";
                    conditions.put(matcher.group(1), on);
                    governed.computeIfAbsent(matcher.group(1), k -> new TreeSet<>())
                            .add("`" + file.getFileName().toString().replace(".java", "") + "`");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sources, e);
        }
        final var keys = new ArrayList<ConfigurationKey>();
        conditions.forEach((key, on) -> keys.add(new ConfigurationKey(key, "boolean", on,
                "turns on or off " + String.join(", ", governed.get(key)))));
        return keys;
    }
}
