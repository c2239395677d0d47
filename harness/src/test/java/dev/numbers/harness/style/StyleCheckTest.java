package dev.numbers.harness.style;

import static org.assertj.core.api.Assertions.assertThat;

import com.puppycrawl.tools.checkstyle.Checker;
import com.puppycrawl.tools.checkstyle.ConfigurationLoader;
import com.puppycrawl.tools.checkstyle.PropertiesExpander;
import com.puppycrawl.tools.checkstyle.api.AuditEvent;
import com.puppycrawl.tools.checkstyle.api.AuditListener;
import com.puppycrawl.tools.checkstyle.api.CheckstyleException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's style check (.config/checkstyle.xml, run by maven-checkstyle-plugin in every module) reports what it
 * promises: run with the project's own configuration on small sample files, as the build runs it, so a rule that
 * stops matching (a pattern edited, a module dropped) fails here instead of letting violations in silently.
 */
class StyleCheckTest {

    /** Surefire runs in the module's directory; the configuration is at the repository root. */
    private static final Path CONFIG = Path.of(System.getProperty("user.dir")).resolve("../.config/checkstyle.xml");

    @TempDir
    Path dir;

    @Test
    void inlineQualifiedNameAndUnusedImportAreReported() throws Exception {
        final var events = check("Sample.java", sample("Sample"));

        print(events);
        assertThat(events).extracting(StyleCheckTest::describe).containsExactlyInAnyOrder(
                "4 UnusedImports Unused import - java.util.List.",
                "8 inlineQualifiedName Inline fully qualified class name: import the class instead.");
    }

    @Test
    void starImportTabTrailingSpaceAndLongLineAreReported() throws Exception {
        final var events = check("Layout.java", "package sample;\n\nimport java.util.*;\n\nfinal class Layout {\n"
                + "\tfinal int tab = 1;\n"
                + "    final int trailing = 2; \n"
                + "    final String longLine = \"" + "x".repeat(100) + "\";\n"
                + "    final List<String> names = List.of();\n}\n");

        print(events);
        assertThat(events).extracting(StyleCheckTest::describe).containsExactlyInAnyOrder(
                "3 AvoidStarImport Using the '.*' form of import should be avoided - java.util.*.",
                "6 FileTabCharacter Line contains a tab character.",
                "7 trailingWhitespace Trailing whitespace.",
                "8 LineLength Line is longer than 120 characters (found 131).");
    }

    @Test
    void qualifiedNamesInImportsCommentsAndStringsAreNotCode() throws Exception {
        final var events = check("Allowed.java", sample("Allowed"));

        print(events);
        assertThat(events).isEmpty();
    }

    /** The samples are resources, not text blocks here: the check would (rightly) read a text block as code. */
    private static String sample(final String name) throws IOException {
        try (var in = StyleCheckTest.class.getResourceAsStream("/style/" + name + ".java.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<AuditEvent> check(final String name, final String source) throws IOException, CheckstyleException {
        final var file = Files.writeString(dir.resolve(name), source, StandardCharsets.UTF_8);
        final var configuration = ConfigurationLoader.loadConfiguration(CONFIG.toString(),
                new PropertiesExpander(new Properties()));
        final var checker = new Checker();
        final var events = new ArrayList<AuditEvent>();
        try {
            checker.setModuleClassLoader(Checker.class.getClassLoader());
            checker.configure(configuration);
            checker.addListener(new Collecting(events));
            checker.process(List.of(file.toFile()));
        } finally {
            checker.destroy();
        }
        return events;
    }

    private static String describe(final AuditEvent event) {
        final var id = event.getModuleId() != null ? event.getModuleId()
                : event.getSourceName().substring(event.getSourceName().lastIndexOf('.') + 1).replace("Check", "");
        return event.getLine() + " " + id + " " + event.getMessage();
    }

    private static void print(final List<AuditEvent> events) {
        System.out.printf("style check: %d violation(s)%n", events.size());
        events.forEach(e -> System.out.println("  " + describe(e)));
    }

    /** Keeps every violation the checker reports. */
    private record Collecting(List<AuditEvent> events) implements AuditListener {
        @Override
        public void auditStarted(final AuditEvent event) {
        }

        @Override
        public void auditFinished(final AuditEvent event) {
        }

        @Override
        public void fileStarted(final AuditEvent event) {
        }

        @Override
        public void fileFinished(final AuditEvent event) {
        }

        @Override
        public void addError(final AuditEvent event) {
            events.add(event);
        }

        @Override
        public void addException(final AuditEvent event, final Throwable throwable) {
            throw new AssertionError("checkstyle failed on " + event.getFileName(), throwable);
        }
    }
}
