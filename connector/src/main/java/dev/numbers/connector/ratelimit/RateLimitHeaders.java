package dev.numbers.connector.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one provider answer says about the account's rate limit. A 429 always means "over the limit"; so does
 * Telnyx's {@code x-ratelimit-remaining: 0} on any answer, since the next call would be refused.
 *
 * <p>Whether to hold every call of the account, and for how long: an exhausted window (remaining 0) holds it until
 * {@code Retry-After} (seconds or an HTTP date) or else {@code x-ratelimit-reset}, which Telnyx documents as seconds
 * until the window resets (a value that can only be an epoch time, above {@link #EPOCH_THRESHOLD}, is read as one,
 * since other APIs send that). A 429 without one holds the account only for a Retry-After longer than one second:
 * one second is the least the header can say, and holding every call that long for one refused call would throw
 * away a second of the account's budget; that call's own retry still waits for it. SignalWire documents no
 * rate-limit headers of its own; its Retry-After is honoured when sent. Garbage, negative or absent values are
 * ignored: a hostile header can at worst cost a decrease, never a crash or an endless pause (the caller caps it).
 *
 * @param overLimit the provider refused this call or will refuse the next
 * @param pause     how long every call of the account should wait, when the provider said so
 */
public record RateLimitHeaders(boolean overLimit, Optional<Duration> pause) {

    public static final String LIMIT = "x-ratelimit-limit";
    public static final String REMAINING = "x-ratelimit-remaining";
    public static final String RESET = "x-ratelimit-reset";
    public static final String RETRY_AFTER = "Retry-After";
    /** 2001-09-09 in epoch seconds: no provider's window lasts that many seconds. */
    private static final long EPOCH_THRESHOLD = 1_000_000_000L;

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    static final RateLimitHeaders NOTHING = new RateLimitHeaders(false, Optional.empty());

    /** {@code header} answers a header's first value by name (case-insensitive), or null. */
    public static RateLimitHeaders read(final int status, final Function<String, String> header, final Instant now) {
        final boolean refused = status == 429;
        final boolean exhausted = number(header.apply(REMAINING)).filter(remaining -> remaining <= 0).isPresent();
        if (!refused && !exhausted) {
            return NOTHING;
        }
        final var retryAfter = RetryAfter.parse(header.apply(RETRY_AFTER), now);
        if (!exhausted) {
            return new RateLimitHeaders(true, retryAfter.filter(wait -> wait.compareTo(ONE_SECOND) > 0));
        }
        return new RateLimitHeaders(true, retryAfter.isPresent() ? retryAfter : reset(header.apply(RESET), now));
    }

    private static Optional<Duration> reset(final String value, final Instant now) {
        return number(value).filter(n -> n >= 0).map(n -> n > EPOCH_THRESHOLD
                ? Duration.ofSeconds(Math.max(0, n - now.getEpochSecond()))
                : Duration.ofSeconds(n));
    }

    private static Optional<Long> number(final String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException notANumber) {
            try {
                // Some gateways send fractional seconds ("0.5"); a partial second still means "wait".
                final double fraction = Double.parseDouble(value.trim());
                return Double.isFinite(fraction) ? Optional.of((long) Math.ceil(fraction)) : Optional.empty();
            } catch (NumberFormatException garbage) {
                return Optional.empty();
            }
        }
    }
}
