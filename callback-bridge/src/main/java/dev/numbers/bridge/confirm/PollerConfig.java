package dev.numbers.bridge.confirm;

import dev.numbers.schemas.topics.TopicNames;
import io.micronaut.context.annotation.ConfigurationProperties;
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
 * @param pollAfter          an order whose state has not changed for this long, and is not final, is polled
 * @param checkInterval      how often pending orders are looked at
 * @param lookback           on start, how far back the results and order-state topics are read to rebuild the
 *                           pending set
 * @param signalwireBaseUrl  e.g. {@code https://example.signalwire.com/api/relay/rest}; unset: SignalWire orders are
 *                           not polled
 * @param telnyxBaseUrl      e.g. {@code https://api.telnyx.com/v2}; unset: Telnyx orders are not polled
 * @param deadLetterTopic    where a provider answer that cannot be mapped is kept (the same topic as the topology's)
 * @param maxAnswerBytes     a longer provider answer is not read further and is dead-lettered, cut to this size
 */
@ConfigurationProperties("bridge.confirm")
public record PollerConfig(
        @NotNull @Bindable(defaultValue = "10m") Duration pollAfter,
        @NotNull @Bindable(defaultValue = "30s") Duration checkInterval,
        @NotNull @Bindable(defaultValue = "24h") Duration lookback,
        @NotBlank @Bindable(defaultValue = TopicNames.RESULTS) String resultsTopic,
        @NotBlank @Bindable(defaultValue = TopicNames.ORDER_STATES) String orderStatesTopic,
        @NotBlank @Bindable(defaultValue = TopicNames.RAW_WEBHOOKS) String rawTopic,
        @NotBlank @Bindable(defaultValue = "numbers-callback-bridge-poller") String groupId,
        @Nullable String signalwireBaseUrl,
        @Nullable String signalwireProjectId,
        @Nullable String signalwireToken,
        @Nullable String telnyxBaseUrl,
        @Nullable String telnyxApiKey,
        @NotBlank @Bindable(defaultValue = TopicNames.WEBHOOKS_DLQ) String deadLetterTopic,
        @Min(1024) @Max(16_777_216) @Bindable(defaultValue = "1048576") int maxAnswerBytes) {

    @Override
    public String toString() {
        return "PollerConfig[pollAfter=" + pollAfter + ", checkInterval=" + checkInterval + ", lookback=" + lookback
                + ", resultsTopic=" + resultsTopic + ", orderStatesTopic=" + orderStatesTopic + ", rawTopic="
                + rawTopic + ", groupId=" + groupId + ", signalwireBaseUrl=" + signalwireBaseUrl
                + ", signalwireProjectId=" + signalwireProjectId
                + ", signalwireToken=" + (signalwireToken == null ? "unset" : "****")
                + ", telnyxBaseUrl=" + telnyxBaseUrl
                + ", telnyxApiKey=" + (telnyxApiKey == null ? "unset" : "****")
                + ", deadLetterTopic=" + deadLetterTopic + ", maxAnswerBytes=" + maxAnswerBytes + "]";
    }
}
