package dev.numbers.schemas.phone;

import java.util.regex.Pattern;

/**
 * The one E.164 rule every module checks numbers with: a plus, a country code that does not start with 0, and at
 * most 15 digits in all (ITU-T E.164), with no spaces or punctuation, which is how both providers write numbers.
 * It is syntax only: whether a number can exist in its country is libphonenumber's question, which the bridge asks
 * of what providers send it, and the providers' question for what the connector sends them.
 */
public final class E164 {

    public static final Pattern PATTERN = Pattern.compile("\\+[1-9]\\d{1,14}");

    private E164() {
    }

    /** Whether {@code number} is written as E.164 (null is not). */
    public static boolean matches(final String number) {
        return number != null && PATTERN.matcher(number).matches();
    }
}
