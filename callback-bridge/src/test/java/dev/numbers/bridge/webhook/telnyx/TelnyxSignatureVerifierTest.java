package dev.numbers.bridge.webhook.telnyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.bridge.webhook.WebhookRejected;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelnyxSignatureVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final byte[] BODY = "{\"data\":{\"event_type\":\"number_order.complete\"}}".getBytes(
            StandardCharsets.UTF_8);

    private final KeyPair keys = generate();

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String sign(final String timestamp, final byte[] body) throws Exception {
        final var signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update((timestamp + "|").getBytes(StandardCharsets.UTF_8));
        signer.update(body);
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private TelnyxSignatureVerifier verifier(final String publicKey) {
        return new TelnyxSignatureVerifier(publicKey, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private String x509PublicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    @Test
    void acceptsAFreshSignatureOverTimestampAndBody() throws Exception {
        final var timestamp = String.valueOf(NOW.minusSeconds(30).getEpochSecond());

        assertThatCode(() -> verifier(x509PublicKey()).verify(BODY, sign(timestamp, BODY), timestamp))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsTheRaw32ByteKeyFormTelnyxShows() throws Exception {
        final var encoded = keys.getPublic().getEncoded();
        final var raw = Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32,
                encoded.length));
        final var timestamp = String.valueOf(NOW.getEpochSecond());

        assertThatCode(() -> verifier(raw).verify(BODY, sign(timestamp, BODY), timestamp)).doesNotThrowAnyException();
    }

    @Test
    void refusesATimestampOutsideTheReplayWindow() throws Exception {
        final var stale = String.valueOf(NOW.minus(Duration.ofMinutes(6)).getEpochSecond());
        final var signature = sign(stale, BODY);

        assertThatThrownBy(() -> verifier(x509PublicKey()).verify(BODY, signature, stale))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("replay window");
    }

    @Test
    void refusesTimestampsBeyondAnyInstantWithA401() throws Exception {
        for (final var hostile : List.of("99999999999999999", "-99999999999999999",
                String.valueOf(Long.MAX_VALUE), String.valueOf(Long.MIN_VALUE))) {
            final var signature = sign(hostile, BODY);
            assertThatThrownBy(() -> verifier(x509PublicKey()).verify(BODY, signature, hostile))
                    .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401))
                    .hasMessageContaining("replay window");
        }
    }

    @Test
    void refusesASignatureWhoseTimestampWasSwapped() throws Exception {
        final var signedAt = String.valueOf(NOW.minusSeconds(60).getEpochSecond());
        final var presentedAt = String.valueOf(NOW.getEpochSecond());
        final var signature = sign(signedAt, BODY);

        assertThatThrownBy(() -> verifier(x509PublicKey()).verify(BODY, signature, presentedAt))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void refusesMissingHeaders() {
        assertThatThrownBy(() -> verifier(x509PublicKey()).verify(BODY, null, null))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401));
    }
}
