package dev.numbers.bridge.webhook.signalwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.bridge.webhook.WebhookRejected;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignalWireSignatureVerifierTest {

    private static final String KEY = "test-signing-key";
    private static final String URL = "https://bridge.example.test/webhooks/signalwire/10dlc";
    private static final byte[] BODY = "{\"event_type\":\"number_assignment_activated\"}".getBytes(
            StandardCharsets.UTF_8);

    /** Computed independently of the class under test, the way SignalWire documents it. */
    private static String expectedSignature(final String url, final byte[] body) throws Exception {
        final var mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        mac.update((url).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void acceptsTheHexHmacSha1OfUrlAndBody() throws Exception {
        final var verifier = new SignalWireSignatureVerifier(KEY);

        assertThatCode(() -> verifier.verify(URL, BODY, expectedSignature(URL, BODY))).doesNotThrowAnyException();
    }

    @Test
    void reusedMacsGiveEachConcurrentWebhookItsOwnSignature() throws Exception {
        final var verifier = new SignalWireSignatureVerifier(KEY);
        final var failures = new AtomicInteger();
        try (var threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 2_000; i++) {
                final var url = URL + "?n=" + i;
                final var body = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                final var expected = expectedSignature(url, body);
                threads.execute(() -> {
                    if (!HexFormat.of().formatHex(verifier.sign(url, body)).equals(expected)) {
                        failures.incrementAndGet();
                    }
                });
            }
        }

        assertThat(failures).hasValue(0);
    }

    @Test
    void refusesASignatureMadeForAnotherUrl() throws Exception {
        final var verifier = new SignalWireSignatureVerifier(KEY);
        final var forOtherUrl = expectedSignature("http://internal:8080/webhooks/signalwire/10dlc", BODY);

        assertThatThrownBy(() -> verifier.verify(URL, BODY, forOtherUrl))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void refusesATamperedBody() throws Exception {
        final var verifier = new SignalWireSignatureVerifier(KEY);
        final var signature = expectedSignature(URL, BODY);
        final var tampered = "{\"event_type\":\"number_assignment_failed\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verifier.verify(URL, tampered, signature))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void aKeyNeverAcceptsAnUnsignedCallback() {
        assertThatThrownBy(() -> new SignalWireSignatureVerifier(KEY).verify(URL, BODY, null))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> new SignalWireSignatureVerifier(KEY).verify(URL, BODY, " "))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void neverShowsTheKeyInItsDescriptionOrErrors() throws Exception {
        final var verifier = new SignalWireSignatureVerifier(KEY);

        assertThat(verifier.toString()).doesNotContain(KEY);
        assertThatThrownBy(() -> verifier.verify(URL, BODY, "00ff")).hasMessageNotContaining(KEY);
    }
}
