package dev.numbers.harness.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the configuration metadata Micronaut's annotation processor writes for every {@code @ConfigurationProperties}
 * and {@code @EachProperty} record ({@code META-INF/spring-configuration-metadata.json}): keys, types, the
 * {@code @Bindable} defaults and the records' Javadoc ({@code @param} per key, the class comment per group).
 */
public final class ConfigurationMetadata {

    /** Where the annotation processor puts the file, relative to a module's directory. */
    public static final Path IN_MODULE = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

    private ConfigurationMetadata() {
    }

    /** The groups sorted by prefix, each group's keys in the order the record declares them. */
    public static List<ConfigurationGroup> read(final Path json, final ClassLoader types) {
        final JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(Files.readString(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json + " (compile the module first)", e);
        }
        final var groups = new ArrayList<ConfigurationGroup>();
        for (final var group : root.path("groups")) {
            final var keys = new ArrayList<ConfigurationKey>();
            for (final var property : root.path("properties")) {
                if (property.path("sourceType").asText().equals(group.path("type").asText())) {
                    keys.add(key(property, types));
                }
            }
            groups.add(keyNames(new ConfigurationGroup(placeholder(group.path("name").asText()),
                    JavadocText.toMarkdown(group.path("description").asText(null)), keys)));
        }
        return merged(groups);
    }

    /** Two records may share a prefix (the bridge's connection and intake settings): one table for both. */
    private static List<ConfigurationGroup> merged(final List<ConfigurationGroup> groups) {
        final var byPrefix = new TreeMap<String, ConfigurationGroup>();
        for (final var group : groups) {
            byPrefix.merge(group.prefix(), group, (first, second) -> new ConfigurationGroup(first.prefix(),
                    (first.description() + " " + second.description()).strip(),
                    Stream.concat(first.keys().stream(), second.keys().stream()).toList()));
        }
        return List.copyOf(byPrefix.values());
    }

    /**
     * The Javadoc names a key by its Java parameter ({@code stateDir}); a user writes {@code state-dir}, so the text
     * says that.
     */
    private static ConfigurationGroup keyNames(final ConfigurationGroup group) {
        var description = group.description();
        final var keys = new ArrayList<>(group.keys());
        for (final var key : group.keys()) {
            final var kebab = key.name().substring(key.name().lastIndexOf('.') + 1);
            final var camel = "`" + camelCase(kebab) + "`";
            description = description.replace(camel, "`" + kebab + "`");
            keys.replaceAll(k -> new ConfigurationKey(k.name(), k.type(), k.defaultValue(),
                    k.meaning().replace(camel, "`" + kebab + "`")));
        }
        return new ConfigurationGroup(group.prefix(), description, keys);
    }

    private static String camelCase(final String kebab) {
        final var out = new StringBuilder();
        boolean upper = false;
        for (final char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static ConfigurationKey key(final JsonNode property, final ClassLoader types) {
        return new ConfigurationKey(placeholder(property.path("name").asText()),
                TypeNames.readable(property.path("type").asText(), types),
                property.path("defaultValue").asText(""),
                JavadocText.toMarkdown(property.path("description").asText(null)));
    }

    /** {@code @EachProperty} entries are named {@code accounts.*}: the reader writes the name there. */
    private static String placeholder(final String name) {
        return name.replace(".*.", ".<name>.").replaceAll("\\.\\*$", ".<name>");
    }

    /** Every key the groups list, for telling which application.yml entries they cover. */
    static List<ConfigurationKey> keys(final List<ConfigurationGroup> groups) {
        return groups.stream().flatMap(g -> g.keys().stream()).toList();
    }
}
