package dev.numbers.bridge.webhook.telnyx;

import dev.numbers.bridge.webhook.WebhookRejected;
import dev.numbers.bridge.webhook.keys.AccountKey;
import dev.numbers.bridge.webhook.keys.ReloadingKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Telnyx accounts the bridge accepts webhooks from, each with its own Ed25519 public key.
 *
 * <p>Telnyx signs every webhook with the account's key (one per account, shown in the portal) and its webhook
 * envelope ({@code data}, {@code meta}) names no account, so a webhook belongs to the account whose key verifies it:
 * the keys are tried one after the other, {@value #DEFAULT} first. One Ed25519 verification costs tens of
 * microseconds, so a handful of accounts costs less than the Kafka write. The single key of earlier configurations
 * ({@code bridge.webhooks.telnyx-public-key}) is the account {@value #DEFAULT}.
 */
public final class TelnyxAccounts {

    public static final String DEFAULT = "default";
    private static final String PROVIDER = "TELNYX";

    private final List<ReloadingKey<PublicKey>> keys;
    private final TelnyxSignatureVerifier verifier;

    public TelnyxAccounts(final List<TelnyxAccountConfig> configs, final String legacyPublicKey,
            final Duration replayWindow, final Clock clock, final MeterRegistry meters) {
        final var accounts = new HashMap<String, TelnyxAccountConfig>();
        configs.forEach(c -> accounts.put(c.name(), c));
        final var configuredDefault = accounts.get(DEFAULT);
        if (legacyPublicKey != null && !legacyPublicKey.isBlank() && (configuredDefault == null
                || (configuredDefault.publicKey() == null && configuredDefault.publicKeyFile() == null))) {
            accounts.put(DEFAULT, new TelnyxAccountConfig(DEFAULT, legacyPublicKey, null));
        }
        final var loaded = new ArrayList<ReloadingKey<PublicKey>>();
        accounts.values().stream()
                .sorted(Comparator.comparing((TelnyxAccountConfig c) -> !DEFAULT.equals(c.name()))
                        .thenComparing(TelnyxAccountConfig::name))
                .forEach(c -> loaded.add(new AccountKey(PROVIDER, c.name(), c.publicKey(), c.publicKeyFile())
                        .load(TelnyxSignatureVerifier::parse, meters)));
        this.keys = List.copyOf(loaded);
        this.verifier = new TelnyxSignatureVerifier(replayWindow, clock);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The name of the account whose key verifies this webhook; 401 when none does. */
    public String verify(final byte[] body, final String signature, final String timestamp) {
        if (keys.isEmpty()) {
            throw WebhookRejected.unauthorized("no Telnyx public key is configured");
        }
        // each key is read once per webhook, so a reload between two candidates cannot mix accounts
        final var candidates = new ArrayList<Map.Entry<String, PublicKey>>(keys.size());
        for (final var key : keys) {
            candidates.add(Map.entry(key.account(), key.get()));
        }
        return verifier.verifyAny(body, signature, timestamp, candidates);
    }
}
