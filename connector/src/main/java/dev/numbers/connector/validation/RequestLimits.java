package dev.numbers.connector.validation;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * What one request may ask and what one result may carry (prefix {@code connector.limits}). A topic is written by
 * many teams; these bounds keep one record from costing more than Kafka, the provider or the ledger can hold.
 *
 * @param maxNumbersPerOperation  phone numbers in one assignment order or Telnyx number order
 * @param maxStringLength         characters in any one string field of a request (ids, numbers, URLs, references)
 * @param maxRequestBytes         encoded size of a request record's value
 * @param maxClockSkew            how far in the future {@code requested_at} may lie
 * @param maxErrorsListed         typed errors kept in one result; the rest are summed up in one more entry
 * @param maxProviderPayloadBytes characters of a provider body copied into {@code provider_payload}
 * @param maxListPages            pages of a list-orders call followed through {@code links.next}
 * @param maxResultBytes          encoded size of a result or intent record; larger ones become result_too_large.
 *                                Must stay below the producer's max.request.size and the topics' max.message.bytes
 *                                (both 1 MiB by default)
 */
@Context
@ConfigurationProperties(RequestLimits.PREFIX)
public record RequestLimits(
        @Bindable(defaultValue = "1000") @Min(1) @Max(100_000) int maxNumbersPerOperation,
        @Bindable(defaultValue = "1024") @Min(64) @Max(1_000_000) int maxStringLength,
        @Bindable(defaultValue = "262144") @Min(1024) @Max(100_000_000) int maxRequestBytes,
        @Bindable(defaultValue = "1d") @NotNull Duration maxClockSkew,
        @Bindable(defaultValue = "20") @Min(1) @Max(10_000) int maxErrorsListed,
        @Bindable(defaultValue = "65536") @Min(0) @Max(100_000_000) int maxProviderPayloadBytes,
        @Bindable(defaultValue = "100") @Min(1) @Max(100_000) int maxListPages,
        @Bindable(defaultValue = "900000") @Min(10_000) @Max(100_000_000) int maxResultBytes) {

    public static final String PREFIX = "connector.limits";

    public RequestLimits {
        if (maxClockSkew != null && maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("connector.limits.max-clock-skew must not be negative");
        }
    }

    /** The defaults, for tests and tools that build the connector's parts by hand. */
    public static RequestLimits defaults() {
        return new RequestLimits(1000, 1024, 262_144, Duration.ofDays(1), 20, 65_536, 100, 900_000);
    }
}
