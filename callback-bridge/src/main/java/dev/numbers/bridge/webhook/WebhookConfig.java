package dev.numbers.bridge.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How the bridge checks webhooks. Keys live under {@code bridge.webhooks}; the secrets are meant to come from the
 * environment ({@code BRIDGE_WEBHOOKS_SIGNALWIRE_SIGNING_KEY}, {@code BRIDGE_WEBHOOKS_TELNYX_PUBLIC_KEY}).
 *
 * @param publicBaseUrl      the URL the providers call, as they see it (scheme, host, port, path prefix): signatures
 *                           cover it, and behind a proxy it differs from what this process sees
 * @param signalwireSigningKey the signing key of the SignalWire account {@code default} (more accounts:
 *                           {@code bridge.signalwire.accounts.<name>}, {@link
 *                           dev.numbers.bridge.webhook.signalwire.SignalWireAccountConfig})
 * @param allowUnsigned      accept SignalWire callbacks without a signature for projects an account names (never in
 *                           production)
 * @param telnyxPublicKey    the Ed25519 public key of the Telnyx account {@code default}, base64 (raw 32 bytes or
 *                           X.509; more accounts: {@code bridge.telnyx.accounts.<name>})
 * @param replayWindow       how far a Telnyx timestamp may be from now
 * @param maxBodyBytes       larger bodies get 413
 */
@ConfigurationProperties("bridge.webhooks")
public record WebhookConfig(
        @NotBlank String publicBaseUrl,
        @Nullable String signalwireSigningKey,
        @Bindable(defaultValue = "false") boolean allowUnsigned,
        @Nullable String telnyxPublicKey,
        @NotNull @Bindable(defaultValue = "5m") Duration replayWindow,
        @Min(256) @Max(10_485_760) @Bindable(defaultValue = "65536") int maxBodyBytes) {

    @Override
    public String toString() {
        return "WebhookConfig[publicBaseUrl=" + publicBaseUrl
                + ", signalwireSigningKey=" + (signalwireSigningKey == null ? "unset" : "****")
                + ", allowUnsigned=" + allowUnsigned
                + ", telnyxPublicKey=" + (telnyxPublicKey == null ? "unset" : "set")
                + ", replayWindow=" + replayWindow + ", maxBodyBytes=" + maxBodyBytes + "]";
    }
}
