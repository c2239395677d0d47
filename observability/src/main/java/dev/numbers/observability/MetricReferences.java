package dev.numbers.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The metric names a Grafana dashboard (JSON) or a Prometheus rule file (YAML) refers to, and the names a
 * {@code /prometheus} page exports, so a test can require that every panel and rule reads a metric that exists.
 *
 * <p>Names are read from the PromQL expressions themselves: string literals, label matchers, range selectors and
 * {@code by (...)}-style label lists are removed, then every identifier that is not a function call or a keyword
 * is a metric name. Grafana's {@code label_values(metric, label)} counts only its metric.
 */
public final class MetricReferences {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "offset", "bool", "inf", "nan", "atan2");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    private MetricReferences() {
    }

    /** {@code deploy/observability} of this checkout, found from the working directory (a module or the root). */
    public static Path deployDirectory() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            final var candidate = dir.resolve("deploy").resolve("observability");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no deploy/observability above " + Path.of("").toAbsolutePath());
    }

    /** The shipped dashboard of a service: {@code grafana/<service>.json}. */
    public static Path dashboard(final String service) {
        return deployDirectory().resolve("grafana").resolve(service + ".json");
    }

    /** The shipped alert rules of a service: {@code prometheus/<service>-rules.yml}. */
    public static Path rules(final String service) {
        return deployDirectory().resolve("prometheus").resolve(service + "-rules.yml");
    }

    /** Every metric a service's dashboard and alert rules read. */
    public static Set<String> ofService(final String service) {
        final var names = new TreeSet<>(inExpressions(dashboardExpressions(dashboard(service))));
        names.addAll(inExpressions(ruleExpressions(rules(service))));
        return names;
    }

    /** The PromQL of every panel target and every query variable of a dashboard. */
    public static List<String> dashboardExpressions(final Path dashboard) {
        final JsonNode root;
        try {
            root = JSON.readTree(dashboard.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final var out = new ArrayList<String>();
        collectPanels(root.path("panels"), out);
        for (final var variable : root.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                final var query = variable.path("query");
                out.add(query.isObject() ? query.path("query").asText() : query.asText());
            }
        }
        return out;
    }

    private static void collectPanels(final JsonNode panels, final List<String> out) {
        for (final var panel : panels) {
            for (final var target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.add(target.get("expr").asText());
                }
            }
            collectPanels(panel.path("panels"), out);
        }
    }

    /** The {@code expr} of every rule (alerting or recording) in a Prometheus rule file. */
    @SuppressWarnings("unchecked")
    public static List<String> ruleExpressions(final Path rules) {
        final Map<String, Object> root;
        try (var in = Files.newInputStream(rules)) {
            root = new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final var out = new ArrayList<String>();
        for (final var group : (List<Map<String, Object>>) root.getOrDefault("groups", List.of())) {
            for (final var rule : (List<Map<String, Object>>) group.getOrDefault("rules", List.of())) {
                out.add(String.valueOf(rule.get("expr")));
            }
        }
        return out;
    }

    public static Set<String> inExpressions(final List<String> expressions) {
        final var names = new TreeSet<String>();
        expressions.forEach(e -> names.addAll(inExpression(e)));
        return names;
    }

    /** The metric names one PromQL expression (or Grafana {@code label_values} query) reads. */
    public static Set<String> inExpression(final String expression) {
        final var names = new TreeSet<String>();
        final var labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.find()) {
            names.add(labelValues.group(1));
            return names;
        }
        var stripped = STRINGS.matcher(expression).replaceAll(" ");
        stripped = MATCHERS.matcher(stripped).replaceAll(" ");
        stripped = RANGES.matcher(stripped).replaceAll(" ");
        stripped = LABEL_LISTS.matcher(stripped).replaceAll(" ");
        final var identifiers = IDENTIFIER.matcher(stripped);
        while (identifiers.find()) {
            final var name = identifiers.group(1);
            if (identifiers.group(2) == null && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    /** The sample names on a Prometheus text-format page (each {@code _count}, {@code _sum}, ... on its own). */
    public static Set<String> exported(final String prometheusText) {
        final var names = new TreeSet<String>();
        for (final var line : prometheusText.split("\n")) {
            final var sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find()) {
                names.add(sample.group(1));
            }
        }
        return names;
    }
}
