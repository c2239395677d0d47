package dev.numbers.harness.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders one service's section of {@code docs/configuration.md}: a table per configuration record (prefix, the
 * record's description, then every key with type, default and meaning), and the other settings the service's
 * {@code application.yml} ships. A value in {@code application.yml} is what a running service has, so it replaces
 * the record's default.
 */
public final class ConfigurationReference {

    private ConfigurationReference() {
    }

    public static String render(final String title, final List<ConfigurationGroup> groups,
            final List<ConfigurationKey> switches, final Map<String, String> applicationYaml) {
        final var keys = ConfigurationMetadata.keys(groups);
        final var mapDefaults = new LinkedHashMap<String, List<String>>();
        final var others = new LinkedHashMap<String, String>();
        applicationYaml.forEach((name, value) -> {
            final var map = keys.stream().filter(k -> k.type().equals("map") && name.startsWith(k.name() + "."))
                    .findFirst();
            if (map.isPresent()) {
                mapDefaults.computeIfAbsent(map.get().name(), k -> new ArrayList<>())
                        .add("`" + name.substring(map.get().name().length() + 1) + "=" + value + "`");
            } else if (keys.stream().noneMatch(k -> k.name().equals(name))) {
                others.put(name, value);
            }
        });
        final var out = new StringBuilder("## ").append(title).append("\n");
        for (final var group : groups) {
            out.append("\n### `").append(group.prefix()).append("`\n\n");
            if (!group.description().isEmpty()) {
                out.append(group.description()).append("\n\n");
            }
            out.append("| key | type | default | meaning |\n|---|---|---|---|\n");
            for (final var key : group.keys()) {
                out.append("| `").append(key.name()).append("` | ").append(key.type()).append(" | ")
                        .append(defaultOf(key, applicationYaml, mapDefaults)).append(" | ").append(key.meaning())
                        .append(" |\n");
            }
        }
        if (!switches.isEmpty()) {
            out.append("\n### Switches\n\n")
                    .append("Keys that turn a part of the service on or off; tests and the local stack use them.\n\n")
                    .append("| key | type | default | meaning |\n|---|---|---|---|\n");
            switches.forEach(key -> out.append("| `").append(key.name()).append("` | ").append(key.type())
                    .append(" | ").append(key.defaultValue()).append(" | ").append(key.meaning()).append(" |\n"));
        }
        if (!others.isEmpty()) {
            out.append("\n### Other settings in `application.yml`\n\n")
                    .append("Micronaut's own settings as the service ships them; any can be overridden the same")
                    .append(" way.\n\n")
                    .append("| key | value |\n|---|---|\n");
            others.forEach((name, value) -> out.append("| `").append(name).append("` | ")
                    .append(ApplicationYaml.shown(value)).append(" |\n"));
        }
        return out.toString();
    }

    private static String defaultOf(final ConfigurationKey key, final Map<String, String> applicationYaml,
            final Map<String, List<String>> mapDefaults) {
        if (applicationYaml.containsKey(key.name())) {
            return ApplicationYaml.shown(applicationYaml.get(key.name()));
        }
        if (mapDefaults.containsKey(key.name())) {
            return String.join(", ", mapDefaults.get(key.name()));
        }
        return key.defaultValue().isEmpty() ? "" : "`" + key.defaultValue() + "`";
    }

    /** Keys whose record gives them no {@code @param}: the reference would show them without a meaning. */
    public static List<String> undocumented(final List<ConfigurationGroup> groups) {
        return ConfigurationMetadata.keys(groups).stream().filter(k -> k.meaning().isEmpty())
                .map(ConfigurationKey::name).collect(Collectors.toList());
    }
}
