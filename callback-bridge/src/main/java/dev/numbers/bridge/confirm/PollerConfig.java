package dev.numbers.bridge.confirm;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Confirmation polling (keys under {@code bridge.confirm}); on only with {@code bridge.confirm.enabled=true}, since it
 * needs provider API credentials. Credentials come from the environment and are never printed.
 *
 * <p>Each provider's settings are one record ({@link SignalWire}, {@link Telnyx}), bound from the flat keys the bridge
 * has always read ({@code bridge.confirm.signalwire-base-url}, {@code bridge.confirm.telnyx-api-key}, ...) by the
 * {@link Creator} constructor, so deployments keep their configuration.
 *
 * @param pollAfter          an order whose state has not changed for this long, and is not final, is polled
 * @param checkInterval      how often pending orders are looked at
 * @param lookback           on start, how far back the results and order-state topics are read to rebuild the
 *                           pending set
 * @param signalwire         where and as whom SignalWire orders are polled; unset: they are not polled
 * @param telnyx             where and as whom Telnyx orders are polled; unset: they are not polled
 * @param maxAnswerBytes     a longer provider answer is not read further and is dead-lettered, cut to this size
 * @param maxPending         at most this many orders are watched; a newcomer beyond it is not (counted, logged)
 * @param maxPendingAge      an order still not final this long after it was first seen is no longer polled
 * @param maxUnmappable      an order whose provider answered this many polls unmappably is given up
 *
 * <p>The topics are the order-state topology's ({@code bridge.order-state.results-topic}, {@code order-states-topic},
 * {@code dead-letter-topic}) and the raw topic the sink's ({@code bridge.kafka.raw-topic}): each is configured once.
 */
@ConfigurationProperties("bridge.confirm")
public record PollerConfig(
        @NotNull Duration pollAfter,
        @NotNull Duration checkInterval,
        @NotNull Duration lookback,
        @NotBlank String groupId,
        @NotNull SignalWire signalwire,
        @NotNull Telnyx telnyx,
        @Min(1024) @Max(16_777_216) int maxAnswerBytes,
        @Min(1) int maxPending,
        @NotNull Duration maxPendingAge,
        @Min(1) int maxUnmappable) {

    /**
     * SignalWire's API for polling 10DLC orders.
     *
     * @param baseUrl   e.g. {@code https://example.signalwire.com/api/relay/rest}
     * @param projectId the project the orders were placed with (Basic auth user)
     * @param token     its API token (Basic auth password); never printed
     */
    public record SignalWire(@Nullable String baseUrl, @Nullable String projectId, @Nullable String token) {

        boolean configured() {
            return baseUrl != null && projectId != null && token != null;
        }

        @Override
        public String toString() {
            return "SignalWire[baseUrl=" + baseUrl + ", projectId=" + projectId + ", token="
                    + (token == null ? "unset" : "****") + "]";
        }
    }

    /**
     * Telnyx's API for polling number orders.
     *
     * @param baseUrl e.g. {@code https://api.telnyx.com/v2}
     * @param apiKey  the account's API key (Bearer); never printed
     */
    public record Telnyx(@Nullable String baseUrl, @Nullable String apiKey) {

        boolean configured() {
            return baseUrl != null && apiKey != null;
        }

        @Override
        public String toString() {
            return "Telnyx[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "****") + "]";
        }
    }

    /**
     * Binds the flat {@code bridge.confirm.*} keys; each provider's keys become its record.
     *
     * @param pollAfter           an order whose state has not changed for this long, and is not final, is polled
     * @param checkInterval       how often pending orders are looked at
     * @param lookback            on start, how far back the results and order-state topics are read to rebuild the
     *                            pending set
     * @param groupId             the poller's consumer group
     * @param signalwireBaseUrl   SignalWire's API URL (e.g. {@code https://example.signalwire.com/api/relay/rest});
     *                            unset: SignalWire orders are not polled
     * @param signalwireProjectId the project the orders were placed with (Basic auth user)
     * @param signalwireToken     its API token (Basic auth password); never printed
     * @param telnyxBaseUrl       Telnyx's API URL (e.g. {@code https://api.telnyx.com/v2}); unset: Telnyx orders
     *                            are not polled
     * @param telnyxApiKey        the Telnyx API key (Bearer); never printed
     * @param maxAnswerBytes      a longer provider answer is not read further and is dead-lettered, cut to this size
     * @param maxPending          at most this many orders are watched; a newcomer beyond it is not (counted, logged)
     * @param maxPendingAge       an order still not final this long after it was first seen is no longer polled
     * @param maxUnmappable       an order whose provider answered this many polls unmappably is given up
     */
    @Creator
    public PollerConfig(
            @NotNull @Bindable(defaultValue = "10m") Duration pollAfter,
            @NotNull @Bindable(defaultValue = "30s") Duration checkInterval,
            @NotNull @Bindable(defaultValue = "24h") Duration lookback,
            @NotBlank @Bindable(defaultValue = "numbers-callback-bridge-poller") String groupId,
            @Nullable String signalwireBaseUrl,
            @Nullable String signalwireProjectId,
            @Nullable String signalwireToken,
            @Nullable String telnyxBaseUrl,
            @Nullable String telnyxApiKey,
            @Min(1024) @Max(16_777_216) @Bindable(defaultValue = "1048576") int maxAnswerBytes,
            @Min(1) @Bindable(defaultValue = "10000") int maxPending,
            @NotNull @Bindable(defaultValue = "7d") Duration maxPendingAge,
            @Min(1) @Bindable(defaultValue = "5") int maxUnmappable) {
        this(pollAfter, checkInterval, lookback, groupId,
                new SignalWire(signalwireBaseUrl, signalwireProjectId, signalwireToken),
                new Telnyx(telnyxBaseUrl, telnyxApiKey), maxAnswerBytes, maxPending, maxPendingAge, maxUnmappable);
    }

    PendingOrders.Bounds bounds() {
        return new PendingOrders.Bounds(maxPending, maxPendingAge, maxUnmappable);
    }

    // the flat key names, as the log line has always shown them
    @Override
    public String toString() {
        return "PollerConfig[pollAfter=" + pollAfter + ", checkInterval=" + checkInterval + ", lookback=" + lookback
                + ", groupId=" + groupId + ", signalwireBaseUrl=" + signalwire.baseUrl()
                + ", signalwireProjectId=" + signalwire.projectId()
                + ", signalwireToken=" + (signalwire.token() == null ? "unset" : "****")
                + ", telnyxBaseUrl=" + telnyx.baseUrl()
                + ", telnyxApiKey=" + (telnyx.apiKey() == null ? "unset" : "****")
                + ", maxAnswerBytes=" + maxAnswerBytes + ", maxPending=" + maxPending + ", maxPendingAge="
                + maxPendingAge + ", maxUnmappable=" + maxUnmappable + "]";
    }
}
