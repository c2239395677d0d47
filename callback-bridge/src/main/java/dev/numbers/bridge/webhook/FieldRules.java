package dev.numbers.bridge.webhook;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.numbers.bridge.webhook.WebhookRejected.Reason;
import dev.numbers.schemas.phone.E164;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses and range-checks one field a provider sent, throwing a 400 that names the field and the rule. Every value the
 * order-state topology stores or turns into numbers passes here first, so nothing it reads can overflow or bloat it.
 */
public final class FieldRules {

    /** States, event types and categories are lowercase words of at most this many characters. */
    private static final int MAX_WORD_LENGTH = 64;
    /** Longest ISO-8601 instant with offset and nanoseconds is 35 characters; longer is not worth parsing. */
    private static final int MAX_TIMESTAMP_LENGTH = 40;
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final IntakeLimits limits;
    private final Clock clock;
    private final long earliestMillis;

    public FieldRules(final IntakeLimits limits, final Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.earliestMillis = OffsetDateTime.of(limits.earliestEventYear(), 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                .toInstant().toEpochMilli();
    }

    public static FieldRules defaults() {
        return new FieldRules(IntakeLimits.defaults(), Clock.systemUTC());
    }

    public String id(final String path, final String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > limits.maxIdLength()) {
            throw WebhookRejected.invalid(Reason.TOO_LONG,
                    "field " + path + " is longer than " + limits.maxIdLength() + " characters");
        }
        if (!isToken(value)) {
            throw WebhookRejected.invalid(Reason.BAD_ID,
                    "field " + path + " must be a non-empty id of letters, digits and . _ : -");
        }
        return value;
    }

    public String word(final String path, final String value) {
        if (value == null) {
            return null;
        }
        if (!isWord(value)) {
            throw WebhookRejected.invalid(Reason.BAD_STATE,
                    "field " + path + " must be a lowercase word of at most 64 characters");
        }
        return value;
    }

    /*
     * Ids and words are checked by hand rather than by regular expressions: every webhook has about ten of them,
     * checked at the intake and again in the topology, and java.util.regex showed in a JFR profile of the bridge
     * benchmark (about 3% of the JVM's samples) for what is a loop over ASCII classes.
     */

    /**
     * Provider ids are UUIDs or similar tokens ([A-Za-z0-9._:-]+); anything else (spaces, quotes, controls) is junk.
     */
    static boolean isToken(final String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == ':' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** States, event types and categories are lowercase words in both providers' documents: [a-z][a-z0-9_.-]{0,63}. */
    static boolean isWord(final String value) {
        if (value.isEmpty() || value.length() > MAX_WORD_LENGTH || !isLower(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (!(isLower(c) || isDigit(c) || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(final char c) {
        return isLower(c) || (c >= 'A' && c <= 'Z') || isDigit(c);
    }

    private static boolean isLower(final char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    public String text(final String path, final String value) {
        if (value != null && value.length() > limits.maxTextLength()) {
            throw WebhookRejected.invalid(Reason.TOO_LONG,
                    "field " + path + " is longer than " + limits.maxTextLength() + " characters");
        }
        return value;
    }

    /** An ISO-8601 instant with offset, from {@code earliest-event-year} to {@code max-future-skew} ahead of now. */
    public Instant instant(final String path, final String value) {
        if (value.length() > MAX_TIMESTAMP_LENGTH) {
            throw WebhookRejected.invalid(Reason.BAD_TIMESTAMP, "field " + path + " is not an ISO-8601 instant");
        }
        final Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw WebhookRejected.invalid(Reason.BAD_TIMESTAMP,
                    "field " + path + " is not an ISO-8601 instant with offset");
        }
        // compared as Instants: an instant beyond the epoch-millis range must not be converted to millis to be refused
        final var latest = clock.instant().plus(limits.maxFutureSkew());
        if (instant.isBefore(Instant.ofEpochMilli(earliestMillis)) || instant.isAfter(latest)) {
            throw WebhookRejected.invalid(Reason.TIMESTAMP_OUT_OF_RANGE, "field " + path + " must lie between "
                    + limits.earliestEventYear() + "-01-01 and " + limits.maxFutureSkew() + " from now");
        }
        return instant;
    }

    /** An E.164 number ({@link E164}) that libphonenumber finds possible (its length and country-code check). */
    public String phoneNumber(final String path, final String value) {
        if (value == null) {
            return null;
        }
        if (!E164.matches(value)) {
            throw WebhookRejected.invalid(Reason.BAD_PHONE_NUMBER, "field " + path + " must be an E.164 number");
        }
        try {
            if (!PHONES.isPossibleNumber(PHONES.parse(value, null))) {
                throw WebhookRejected.invalid(Reason.BAD_PHONE_NUMBER,
                        "field " + path + " is not a possible E.164 number");
            }
        } catch (NumberParseException e) {
            throw WebhookRejected.invalid(Reason.BAD_PHONE_NUMBER, "field " + path + " must be an E.164 number");
        }
        return value;
    }
}
