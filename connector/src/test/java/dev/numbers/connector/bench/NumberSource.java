package dev.numbers.connector.bench;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.NumberParseException;

/**
 * Distinct US numbers that libphonenumber accepts, so every purchase passes the connector's validation and the
 * simulator never answers "already owned": a refused request would be cheaper than a real one and flatter the
 * figures.
 */
final class NumberSource {

    private static final int[] AREA_CODES = {202, 212, 213, 303, 305, 312, 404, 415, 512, 617, 702, 718, 805, 919};

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private long next;

    synchronized String next() {
        while (true) {
            final long n = next++;
            final int area = AREA_CODES[(int) (n / 8_000_000L % AREA_CODES.length)];
            final long local = 2_000_000L + n % 8_000_000L; // exchange 200..999, line 0000..9999
            final var candidate = "+1" + area + local;
            if (valid(candidate)) {
                return candidate;
            }
        }
    }

    private boolean valid(final String e164) {
        try {
            return util.isValidNumber(util.parse(e164, null));
        } catch (NumberParseException e) {
            return false;
        }
    }
}
