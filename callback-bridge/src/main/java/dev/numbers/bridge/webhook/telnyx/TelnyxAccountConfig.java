package dev.numbers.bridge.webhook.telnyx;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * One Telnyx account whose webhooks the bridge accepts: keys under {@code bridge.telnyx.accounts.<name>}. Telnyx
 * signs with one Ed25519 key per account and its webhooks do not name the account, so a webhook belongs to the account
 * whose key verifies it.
 *
 * @param name          the account's name (the map key), used in logs and metrics
 * @param publicKey     the account's public key, base64 (raw 32 bytes or X.509), inline
 * @param publicKeyFile a file holding it, re-read when it changes
 */
@EachProperty(TelnyxAccountConfig.PREFIX)
public record TelnyxAccountConfig(
        @Parameter String name,
        @Nullable String publicKey,
        @Nullable String publicKeyFile) {

    public static final String PREFIX = "bridge.telnyx.accounts";
}
