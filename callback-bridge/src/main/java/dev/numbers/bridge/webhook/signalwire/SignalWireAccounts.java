package dev.numbers.bridge.webhook.signalwire;

import dev.numbers.bridge.webhook.WebhookRejected;
import dev.numbers.bridge.webhook.keys.AccountKey;
import dev.numbers.bridge.webhook.keys.ReloadingKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SignalWire projects the bridge accepts callbacks from, each with its own signing key, chosen by the
 * {@code project_id} the callback names.
 *
 * <p>The single key of earlier configurations ({@code bridge.webhooks.signalwire-signing-key}) is the account
 * {@value #DEFAULT}. An account without a project id - only {@value #DEFAULT} may have none - verifies callbacks of any
 * project no other account names, which keeps one-project configurations working unchanged. Once every account names
 * its project, a callback of any other project is refused with 401 (reason {@code unknown_account}), signed or not.
 *
 * <p>Signed means signed: a project with a key never takes an unsigned or wrongly signed callback.
 * {@code allow-unsigned} applies only to a set-up with no key at all (a development sandbox), and start-up says so
 * with a warning either way.
 */
public final class SignalWireAccounts {

    public static final String DEFAULT = "default";
    private static final Logger LOG = LoggerFactory.getLogger(SignalWireAccounts.class);
    private static final String PROVIDER = "SIGNALWIRE";

    /**
     * One project's account; {@code key} is null only for the catch-all of a set-up without any key that allows
     * unsigned callbacks.
     */
    public record Account(String name, String projectId, ReloadingKey<SignalWireSignatureVerifier> key) {

        /**
         * Whether the callback carried a valid signature: true once checked, false only for the keyless catch-all
         * (which checks nothing); throws 401 when it must be refused.
         */
        public boolean verify(final String publicUrl, final byte[] body, final String signature) {
            if (key == null) {
                return false;
            }
            key.get().verify(publicUrl, body, signature);
            return true;
        }
    }

    private final Map<String, Account> byProject = new HashMap<>();
    private final Account anyProject;

    public SignalWireAccounts(final List<SignalWireAccountConfig> configs, final String legacySigningKey,
            final boolean allowUnsigned, final MeterRegistry meters) {
        final var accounts = new HashMap<String, SignalWireAccountConfig>();
        configs.forEach(c -> accounts.put(c.name(), c));
        final var legacy = legacySigningKey == null || legacySigningKey.isBlank() ? null : legacySigningKey;
        final var configuredDefault = accounts.get(DEFAULT);
        if (legacy != null && (configuredDefault == null
                || (configuredDefault.signingKey() == null && configuredDefault.signingKeyFile() == null))) {
            accounts.put(DEFAULT, new SignalWireAccountConfig(DEFAULT,
                    configuredDefault == null ? null : configuredDefault.projectId(), legacy, null));
        }
        Account catchAll = null;
        for (final var config : accounts.values()) {
            final var key = new AccountKey(PROVIDER, config.name(), config.signingKey(), config.signingKeyFile())
                    .load(SignalWireSignatureVerifier::new, meters);
            final var account = new Account(config.name(), config.projectId(), key);
            if (config.projectId() == null || config.projectId().isBlank()) {
                if (!DEFAULT.equals(config.name())) {
                    throw new IllegalStateException("SignalWire account " + config.name()
                            + " has no project-id; only the default account may verify callbacks of any project");
                }
                catchAll = account;
            } else if (byProject.putIfAbsent(config.projectId(), account) != null) {
                throw new IllegalStateException("SignalWire project " + config.projectId()
                        + " is named by two accounts: " + config.name() + " and " + byProject.get(config.projectId())
                                .name());
            }
        }
        if (catchAll == null && byProject.isEmpty()) {
            if (!allowUnsigned) {
                throw new IllegalStateException("no SignalWire signing key is configured (set "
                        + "bridge.signalwire.accounts.<name>.signing-key or -file, "
                        + "BRIDGE_WEBHOOKS_SIGNALWIRE_SIGNING_KEY, "
                        + "or allow unsigned callbacks explicitly)");
            }
            LOG.warn("SIGNALWIRE CALLBACKS ARE NOT VERIFIED: no signing key is configured and allow-unsigned is on; "
                    + "every callback is accepted unsigned and marked signature_verified=false. Never in production.");
            catchAll = new Account(DEFAULT, null, null);
        } else if (allowUnsigned) {
            LOG.warn("allow-unsigned is on but ignored: every configured SignalWire project has a signing key, and a "
                    + "keyed project never accepts an unsigned callback");
        }
        this.anyProject = catchAll;
    }

    /** The account that verifies a callback with this body; 401 when its project is one no account knows. */
    public Account of(final byte[] body) {
        final var projectId = CallbackProject.of(body);
        final var account = projectId == null ? null : byProject.get(projectId);
        if (account != null) {
            return account;
        }
        if (anyProject != null) {
            return anyProject;
        }
        // the project id is not echoed: it is unverified input of any length
        throw WebhookRejected.unknownAccount(projectId == null ? "the callback names no project_id"
                : "the callback's project_id is not a project this bridge accepts");
    }
}
