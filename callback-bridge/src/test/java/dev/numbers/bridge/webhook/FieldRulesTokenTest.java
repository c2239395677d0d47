package dev.numbers.bridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written id and word checks accept exactly what the regular expressions they replaced accepted. */
class FieldRulesTokenTest {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]+");
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    /** Every class boundary of both expressions, plus characters either might mistake for a letter or digit. */
    private static final String ALPHABET = "aAzZ09mM._:-/@`[{ \t\"';\u00e9\u0130\u212a\uff10\u0660\n";

    @Test
    void idAndWordChecksAgreeWithTheirRegularExpressions() {
        final var random = new SplittableRandom(15);
        int ids = 0;
        int words = 0;
        for (int n = 0; n < 100_000; n++) {
            final var value = randomString(random, random.nextInt(0, n % 10 == 0 ? 70 : 8));
            assertThat(FieldRules.isToken(value)).as("id %s", value).isEqualTo(ID.matcher(value).matches());
            assertThat(FieldRules.isWord(value)).as("word %s", value).isEqualTo(WORD.matcher(value).matches());
            ids += FieldRules.isToken(value) ? 1 : 0;
            words += FieldRules.isWord(value) ? 1 : 0;
        }
        System.out.printf("100000 random strings: %d ids and %d words accepted by both checks%n", ids, words);
        // the sample must contain both answers, or it says nothing about either
        assertThat(ids).isBetween(1_000, 99_000);
        assertThat(words).isBetween(1_000, 99_000);
    }

    @Test
    void aWordOfSixtyFourCharactersIsTheLongest() {
        assertThat(FieldRules.isWord("a".repeat(64))).isTrue();
        assertThat(FieldRules.isWord("a".repeat(65))).isFalse();
    }

    private static String randomString(final SplittableRandom random, final int length) {
        final var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            // mostly plain lowercase letters so that long words get accepted too
            text.append(random.nextInt(3) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                    : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
