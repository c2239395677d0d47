package dev.numbers.sandbox.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys the simulator signs its webhooks with, per account, the way the providers hold them: SignalWire signs a
 * callback with the signing key of the project it names in {@code project_id}, Telnyx with the Ed25519 key of the
 * account. The key of {@link SimulatorConfig#webhookSigningKey()} and the key pair made at start signs for every
 * project and account that has no key of its own.
 *
 * <p>A test rotates a key while the simulator runs ({@link #signalWire}, {@link #rotateTelnyx}): the next delivery
 * attempt is signed with the new one, as after a rotation in the provider's console.
 */
public final class WebhookKeys {

    /** The account name of the start-up key pair. */
    public static final String DEFAULT = "default";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String defaultSigningKey;
    private final Map<String, String> signingKeys = new ConcurrentHashMap<>();
    private final Map<String, KeyPair> telnyxKeys = new ConcurrentHashMap<>();

    WebhookKeys(final String defaultSigningKey) {
        this.defaultSigningKey = defaultSigningKey;
        telnyxKeys.put(DEFAULT, newPair());
    }

    /** Project {@code projectId}'s callbacks are signed with {@code signingKey} from now on. */
    public WebhookKeys signalWire(final String projectId, final String signingKey) {
        signingKeys.put(projectId, signingKey);
        return this;
    }

    /** The public key (base64 X.509) Telnyx account {@code account} signs with; made on first use. */
    public String telnyx(final String account) {
        return publicKeyBase64(telnyxKeys.computeIfAbsent(account, a -> newPair()));
    }

    /** Gives Telnyx account {@code account} a new key pair and returns its public key (base64 X.509). */
    public String rotateTelnyx(final String account) {
        final var pair = newPair();
        telnyxKeys.put(account, pair);
        return publicKeyBase64(pair);
    }

    /** The signing key of the project a SignalWire callback body names. */
    String signingKeyFor(final byte[] callbackBody) {
        final var projectId = projectIdOf(callbackBody);
        return projectId == null ? defaultSigningKey : signingKeys.getOrDefault(projectId, defaultSigningKey);
    }

    KeyPair telnyxPair(final String account) {
        return telnyxKeys.getOrDefault(account == null ? DEFAULT : account, telnyxKeys.get(DEFAULT));
    }

    private static String projectIdOf(final byte[] body) {
        try {
            final var projectId = JSON.readTree(body).get("project_id");
            return projectId == null || !projectId.isTextual() ? null : projectId.asText();
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String publicKeyBase64(final KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    private static KeyPair newPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookKeys[" + signingKeys.size() + " project keys, " + telnyxKeys.size() + " Telnyx key pairs]";
    }
}
