package dev.numbers.bridge.webhook.signalwire;

import dev.numbers.bridge.webhook.WebhookRejected;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-SignalWire-Signature}: lowercase hex HMAC-SHA1 with the project's signing key over the full public
 * URL the provider called followed by the raw body.
 *
 * <p>The URL is the public one (configuration), not the one this process sees, because the bridge runs behind proxies
 * that rewrite host and scheme.
 */
public final class SignalWireSignatureVerifier {

    private static final String ALGORITHM = "HmacSHA1";

    private final SecretKeySpec key;
    private final boolean allowUnsigned;

    public SignalWireSignatureVerifier(final String signingKey, final boolean allowUnsigned) {
        if (signingKey == null || signingKey.isBlank()) {
            throw new IllegalArgumentException("the SignalWire signing key is empty");
        }
        this.key = new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.allowUnsigned = allowUnsigned;
    }

    /** Returns whether the callback carried a valid signature; throws 401 when it must be refused. */
    public boolean verify(final String publicUrl, final byte[] rawBody, final String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            if (allowUnsigned) {
                return false;
            }
            throw WebhookRejected.unauthorized("missing X-SignalWire-Signature");
        }
        final byte[] presented;
        try {
            presented = HexFormat.of().parseHex(signatureHeader.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WebhookRejected.unauthorized("X-SignalWire-Signature is not hex");
        }
        // constant-time compare: a timing side channel would let an attacker forge signatures byte by byte
        if (!MessageDigest.isEqual(sign(publicUrl, rawBody), presented)) {
            throw WebhookRejected.unauthorized("X-SignalWire-Signature does not match");
        }
        return true;
    }

    /** The signature SignalWire would send for this URL and body. */
    public byte[] sign(final String publicUrl, final byte[] rawBody) {
        try {
            final var mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(publicUrl.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(rawBody);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SignalWireSignatureVerifier[key=****, allowUnsigned=" + allowUnsigned + "]";
    }
}
