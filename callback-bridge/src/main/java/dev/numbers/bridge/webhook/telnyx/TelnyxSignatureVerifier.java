package dev.numbers.bridge.webhook.telnyx;

import dev.numbers.bridge.webhook.WebhookRejected;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Checks Telnyx's {@code telnyx-signature-ed25519} (base64) over {@code telnyx-timestamp|raw body} with an account's
 * public key, and refuses timestamps outside the replay window so a captured webhook cannot be sent again later.
 */
public final class TelnyxSignatureVerifier {

    /** DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key, the form Telnyx's portal shows. */
    private static final byte[] ED25519_X509_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private final PublicKey publicKey;
    private final Duration replayWindow;
    private final Clock clock;

    /** A verifier for one account's key. */
    public TelnyxSignatureVerifier(final String base64PublicKey, final Duration replayWindow, final Clock clock) {
        this.publicKey = parse(base64PublicKey);
        this.replayWindow = replayWindow;
        this.clock = clock;
    }

    /** A verifier that is handed the candidate keys on each call ({@link #verifyAny}). */
    TelnyxSignatureVerifier(final Duration replayWindow, final Clock clock) {
        this.publicKey = null;
        this.replayWindow = replayWindow;
        this.clock = clock;
    }

    static PublicKey parse(final String base64PublicKey) {
        if (base64PublicKey == null || base64PublicKey.isBlank()) {
            throw new IllegalArgumentException("the Telnyx public key is empty");
        }
        try {
            var der = Base64.getDecoder().decode(base64PublicKey.trim());
            if (der.length == 32) {
                final var full = new byte[ED25519_X509_PREFIX.length + 32];
                System.arraycopy(ED25519_X509_PREFIX, 0, full, 0, ED25519_X509_PREFIX.length);
                System.arraycopy(der, 0, full, ED25519_X509_PREFIX.length, 32);
                der = full;
            }
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the Telnyx public key is not a base64 Ed25519 key", e);
        }
    }

    /** Verifies with this verifier's one key; throws 401 when the webhook must be refused. */
    public void verify(final byte[] rawBody, final String signatureHeader, final String timestampHeader) {
        verifyAny(rawBody, signatureHeader, timestampHeader, List.of(Map.entry("", publicKey)));
    }

    /**
     * Verifies with each candidate key in turn and returns the name of the first that the signature matches; throws 401
     * when none does. The headers and the replay window are checked once, before any key is tried.
     */
    <A> A verifyAny(final byte[] rawBody, final String signatureHeader, final String timestampHeader,
            final List<Map.Entry<A, PublicKey>> candidates) {
        if (signatureHeader == null || signatureHeader.isBlank() || timestampHeader == null
                || timestampHeader.isBlank()) {
            throw WebhookRejected.unauthorized("missing telnyx-signature-ed25519 or telnyx-timestamp");
        }
        final long sentAt;
        try {
            sentAt = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            throw WebhookRejected.unauthorized("telnyx-timestamp is not a number of seconds");
        }
        // compared as seconds: a hostile value like 99999999999999999 is outside any Instant, and must be a 401
        final long now = clock.instant().getEpochSecond();
        final boolean outside = sentAt < now - replayWindow.toSeconds() || sentAt > now + replayWindow.toSeconds();
        if (outside) {
            throw WebhookRejected.unauthorized("telnyx-timestamp is outside the " + replayWindow.toMinutes()
                    + "-minute replay window");
        }
        final byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureHeader.trim());
        } catch (IllegalArgumentException e) {
            throw WebhookRejected.unauthorized("telnyx-signature-ed25519 is not base64");
        }
        for (final var candidate : candidates) {
            if (valid(candidate.getValue(), timestampHeader.trim(), rawBody, signature)) {
                return candidate.getKey();
            }
        }
        throw WebhookRejected.unauthorized("telnyx-signature-ed25519 does not match");
    }

    private static boolean valid(final PublicKey key, final String timestamp, final byte[] rawBody,
            final byte[] signature) {
        try {
            final var verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update((timestamp + "|").getBytes(StandardCharsets.UTF_8));
            verifier.update(rawBody);
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JVM", e);
        }
    }
}
