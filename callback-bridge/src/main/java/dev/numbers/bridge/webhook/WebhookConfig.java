package dev.numbers.bridge.webhook;

import dev.numbers.bridge.config.Settings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
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
@ConfigurationProperties(WebhookConfig.PREFIX)
public record WebhookConfig(
        @Nullable String publicBaseUrl,
        @Nullable String signalwireSigningKey,
        @Bindable(defaultValue = "false") boolean allowUnsigned,
        @Nullable String telnyxPublicKey,
        @Bindable(defaultValue = "5m") Duration replayWindow,
        @Bindable(defaultValue = "65536") int maxBodyBytes) {

    public static final String PREFIX = "bridge.webhooks";

    public WebhookConfig {
        Settings.required(PREFIX + ".public-base-url", publicBaseUrl);
        Settings.present(PREFIX + ".replay-window", replayWindow);
        Settings.within(PREFIX + ".max-body-bytes", maxBodyBytes, 256, 10_485_760);
    }

    @Override
    public String toString() {
        return "WebhookConfig[publicBaseUrl=" + publicBaseUrl
                + ", signalwireSigningKey=" + (signalwireSigningKey == null ? "unset" : "****")
                + ", allowUnsigned=" + allowUnsigned
                + ", telnyxPublicKey=" + (telnyxPublicKey == null ? "unset" : "set")
                + ", replayWindow=" + replayWindow + ", maxBodyBytes=" + maxBodyBytes + "]";
    }
}
