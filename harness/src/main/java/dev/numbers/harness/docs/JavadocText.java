package dev.numbers.harness.docs;

import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Javadoc as Markdown table text: the reference is generated from the Javadoc Micronaut copies into its metadata, so
 * the inline tags and the source's line breaks must not show.
 */
final class JavadocText {

    private static final Pattern CODE = Pattern.compile("\\{@(?:code|literal)\\s+((?:[^{}]|\\{[^{}]*})*)}");
    private static final Pattern LINK = Pattern.compile("\\{@(?:link|linkplain)\\s+([^}\\s]+)(?:\\s+([^}]*))?}");
    private static final Pattern PARAGRAPH = Pattern.compile("\\s*<p>\\s*");

    private JavadocText() {
    }

    /** One line of Markdown: tags rendered, whitespace collapsed, pipes escaped so a table cell stays one cell. */
    static String toMarkdown(final String javadoc) {
        if (javadoc == null) {
            return "";
        }
        var text = replace(CODE, javadoc, m -> "`" + m.group(1).strip() + "`");
        text = replace(LINK, text, m -> m.group(2) != null ? m.group(2).strip() : "`" + simpleName(m.group(1)) + "`");
        text = PARAGRAPH.matcher(text).replaceAll(" ");
        return text.replaceAll("\\s+", " ").strip().replace("|", "\\|");
    }

    /** {@code dev.numbers.Foo#bar} becomes {@code Foo.bar}, {@code #bar} becomes {@code bar}. */
    private static String simpleName(final String reference) {
        final var hash = reference.indexOf('#');
        final var type = hash < 0 ? reference : reference.substring(0, hash);
        final var member = hash < 0 ? "" : reference.substring(hash + 1).replaceAll("\\(.*\\)", "");
        final var simpleType = type.substring(type.lastIndexOf('.') + 1);
        if (simpleType.isEmpty()) {
            return member;
        }
        return member.isEmpty() ? simpleType : simpleType + "." + member;
    }

    private static String replace(final Pattern pattern, final String text,
            final Function<MatchResult, String> replacement) {
        return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m)));
    }
}
