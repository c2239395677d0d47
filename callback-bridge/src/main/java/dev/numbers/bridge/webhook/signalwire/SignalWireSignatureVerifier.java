package dev.numbers.bridge.webhook.signalwire;

import dev.numbers.bridge.webhook.WebhookRejected;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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

    private final Mac prototype;
    // Mac.getInstance + init cost more than the HMAC of a webhook; an initialized Mac is reusable after doFinal, so
    // idle ones are kept (at most one per concurrent request) and new ones cloned from the initialized prototype
    private final Queue<Mac> idle = new ConcurrentLinkedQueue<>();

    /**
     * A verifier for one project's key. A keyed project never takes an unsigned callback: {@code allow-unsigned}
     * reaches only a set-up with no key at all ({@link SignalWireAccounts}).
     */
    public SignalWireSignatureVerifier(final String signingKey) {
        if (signingKey == null || signingKey.isBlank()) {
            throw new IllegalArgumentException("the SignalWire signing key is empty");
        }
        try {
            this.prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available in this JVM", e);
        }
    }

    /** Returns normally when the callback carries this key's signature; throws 401 otherwise. */
    public void verify(final String publicUrl, final byte[] rawBody, final String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw WebhookRejected.unauthorized("missing X-SignalWire-Signature");
        }
        final byte[] presented;
        try {
            presented = HexFormat.of().parseHex(signatureHeader.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WebhookRejected.unauthorized("X-SignalWire-Signature is not hex");
        }
        // constant-time compare: a timing side channel would let an attacker forge signatures byte by byte
        if (!MessageDigest.isEqual(sign(publicUrl, rawBody), presented)) {
            throw WebhookRejected.unauthorized("X-SignalWire-Signature does not match");
        }
    }

    /** The signature SignalWire would send for this URL and body. */
    public byte[] sign(final String publicUrl, final byte[] rawBody) {
        final var mac = borrow();
        try {
            mac.update(publicUrl.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(rawBody);
        } finally {
            idle.offer(mac);
        }
    }

    private Mac borrow() {
        final var mac = idle.poll();
        if (mac != null) {
            return mac;
        }
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JVM's HMAC-SHA1 cannot be cloned", e);
        }
    }

    @Override
    public String toString() {
        return "SignalWireSignatureVerifier[key=****]";
    }
}
