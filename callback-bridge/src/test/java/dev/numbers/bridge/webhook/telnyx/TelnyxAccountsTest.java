package dev.numbers.bridge.webhook.telnyx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.bridge.webhook.WebhookRejected;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelnyxAccountsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String TIMESTAMP = Long.toString(NOW.getEpochSecond());
    private static final byte[] BODY = "{\"data\":{\"event_type\":\"number_order.complete\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private final KeyPair teamA = pair();
    private final KeyPair teamB = pair();
    private final KeyPair stranger = pair();

    private static KeyPair pair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String publicKey(final KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    private static String sign(final KeyPair pair) throws Exception {
        final var signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update((TIMESTAMP + "|").getBytes(StandardCharsets.UTF_8));
        signer.update(BODY);
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private TelnyxAccounts accounts(final String legacyKey, final TelnyxAccountConfig... configs) {
        return new TelnyxAccounts(List.of(configs), legacyKey, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC),
                new SimpleMeterRegistry());
    }

    @Test
    void aWebhookBelongsToTheAccountWhoseKeyVerifiesIt() throws Exception {
        final var accounts = accounts(null, new TelnyxAccountConfig("team-a", publicKey(teamA), null),
                new TelnyxAccountConfig("team-b", publicKey(teamB), null));

        assertThat(accounts.verify(BODY, sign(teamA), TIMESTAMP)).isEqualTo("team-a");
        assertThat(accounts.verify(BODY, sign(teamB), TIMESTAMP)).isEqualTo("team-b");
        assertThatThrownBy(() -> accounts.verify(BODY, sign(stranger), TIMESTAMP))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void theSingleKeyOfEarlierConfigurationsIsTheDefaultAccount() throws Exception {
        final var accounts = accounts(publicKey(teamA), new TelnyxAccountConfig("team-b", publicKey(teamB), null));

        assertThat(accounts.verify(BODY, sign(teamA), TIMESTAMP)).isEqualTo(TelnyxAccounts.DEFAULT);
        assertThat(accounts.verify(BODY, sign(teamB), TIMESTAMP)).isEqualTo("team-b");
    }

    @Test
    void withoutAnyKeyEveryWebhookIsRefused() throws Exception {
        final var accounts = accounts(null);

        assertThat(accounts.isEmpty()).isTrue();
        assertThatThrownBy(() -> accounts.verify(BODY, sign(teamA), TIMESTAMP)).isInstanceOf(WebhookRejected.class);
    }
}
