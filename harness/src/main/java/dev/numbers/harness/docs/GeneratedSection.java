package dev.numbers.harness.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated part of a hand-written document, between {@code <!-- BEGIN GENERATED: id -->} and
 * {@code <!-- END GENERATED: id -->}: each module writes and checks its own part, so the document can hold several.
 */
public record GeneratedSection(Path document, String id) {

    /** The command that regenerates every section of the configuration reference; stale sections name it. */
    public static final String REGENERATE = "./mvnw -B -ntp -q -pl connector,callback-bridge -am test"
            + " -Dtest=ConfigurationReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
            + " -Dconfiguration.reference=write";

    private String begin() {
        return "<!-- BEGIN GENERATED: " + id + " (" + REGENERATE + ") -->\n";
    }

    private String end() {
        return "<!-- END GENERATED: " + id + " -->\n";
    }

    /** The section as the document has it now, or null when the document has none. */
    public String current() {
        final var text = text();
        final var from = text.indexOf(begin());
        final var to = text.indexOf(end());
        return from < 0 || to < from ? null : text.substring(from + begin().length(), to);
    }

    /** Puts the content into the document, replacing the section or appending it when there is none yet. */
    public void write(final String content) {
        final var text = text();
        final var from = text.indexOf(begin());
        final var to = text.indexOf(end());
        final var section = begin() + content + end();
        final String updated;
        if (from < 0 || to < from) {
            updated = text + (text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n")
                    + section;
        } else {
            updated = text.substring(0, from) + section + text.substring(to + end().length());
        }
        try {
            Files.writeString(document, updated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + document, e);
        }
    }

    private String text() {
        try {
            return Files.exists(document) ? Files.readString(document) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + document, e);
        }
    }
}
