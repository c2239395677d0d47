package dev.numbers.harness.docs;

import java.nio.file.Path;
import java.util.List;

/**
 * One service's part of {@code docs/configuration.md}, checked by a test in the service's module (run in the module's
 * directory, after its classes were compiled): it fails while the document differs from what the code says, and
 * with {@code -Dconfiguration.reference=write} it writes the part instead.
 */
public record ServiceConfigurationDocs(String id, String title, Path moduleDir) {

    public static final Path DOCUMENT = Path.of("docs", "configuration.md");

    /** The service in the current directory, as Maven's test run has it. */
    public static ServiceConfigurationDocs ofModule(final String id, final String title) {
        return new ServiceConfigurationDocs(id, title, Path.of("").toAbsolutePath());
    }

    /** The service's configuration records as its compiled metadata lists them. */
    public List<ConfigurationGroup> groups() {
        return ConfigurationMetadata.read(moduleDir.resolve(ConfigurationMetadata.IN_MODULE),
                Thread.currentThread().getContextClassLoader());
    }

    public String rendered() {
        final var yaml = ApplicationYaml.read(moduleDir.resolve(ApplicationYaml.IN_MODULE));
        return ConfigurationReference.render(title, groups(), Switches.scan(moduleDir.resolve("src/main/java")), yaml);
    }

    public GeneratedSection section() {
        return new GeneratedSection(moduleDir.getParent().resolve(DOCUMENT), id);
    }

    /**
     * Writes the part when {@code -Dconfiguration.reference=write} asks for it (so regenerating never stops at a
     * missing description), else {@link #verify} and {@link #requireMeanings}.
     */
    public void writeOrVerify() {
        if ("write".equals(System.getProperty("configuration.reference"))) {
            section().write(rendered());
        } else {
            verify();
            requireMeanings();
        }
    }

    /** Fails naming the keys whose record gives them no {@code @param}: the reference would show them unexplained. */
    public void requireMeanings() {
        final var undocumented = ConfigurationReference.undocumented(groups());
        if (!undocumented.isEmpty()) {
            throw new AssertionError("keys without an @param in their configuration record's Javadoc: "
                    + undocumented);
        }
    }

    /** Fails while the document differs from the code, naming the first line that differs and the command to run. */
    public void verify() {
        final var expected = rendered();
        final var actual = section().current();
        if (!expected.equals(actual)) {
            throw new AssertionError(DOCUMENT + " is stale for " + id + " (" + firstDifference(expected, actual)
                    + "). Regenerate it: " + GeneratedSection.REGENERATE);
        }
    }

    static String firstDifference(final String expected, final String actual) {
        if (actual == null) {
            return "no generated section for it";
        }
        final var want = expected.split("\n", -1);
        final var have = actual.split("\n", -1);
        for (int i = 0; i < Math.max(want.length, have.length); i++) {
            final var w = i < want.length ? want[i] : "<end>";
            final var h = i < have.length ? have[i] : "<end>";
            if (!w.equals(h)) {
                return "line " + (i + 1) + " of the section is '" + h + "', the code says '" + w + "'";
            }
        }
        return "whitespace differs";
    }
}
