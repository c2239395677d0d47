package dev.numbers.sandbox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookKeysTest {

    private final WebhookKeys keys = new WebhookKeys("start-up-key");

    private static byte[] callbackOf(final String projectId) {
        return ("{\"event_type\":\"number_assignment_activated\",\"project_id\":\"" + projectId + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signsACallbackWithTheKeyOfTheProjectItNames() {
        keys.signalWire("project-a", "key-a").signalWire("project-b", "key-b");

        assertThat(keys.signingKeyFor(callbackOf("project-a"))).isEqualTo("key-a");
        assertThat(keys.signingKeyFor(callbackOf("project-b"))).isEqualTo("key-b");
        assertThat(keys.signingKeyFor(callbackOf("project-without-a-key"))).isEqualTo("start-up-key");
        assertThat(keys.signingKeyFor("not json".getBytes(StandardCharsets.UTF_8))).isEqualTo("start-up-key");
    }

    @Test
    void aRotatedProjectKeySignsFromTheNextCallbackOn() {
        keys.signalWire("project-a", "old");
        keys.signalWire("project-a", "new");

        assertThat(keys.signingKeyFor(callbackOf("project-a"))).isEqualTo("new");
    }

    @Test
    void eachTelnyxAccountHasItsOwnKeyPairAndUnknownAccountsUseTheStartUpPair() {
        final var first = keys.telnyx("team-a");
        final var second = keys.telnyx("team-b");

        assertThat(first).isNotEqualTo(second).isEqualTo(keys.telnyx("team-a"));
        assertThat(encoded(keys.telnyxPair("team-a"))).isEqualTo(first);
        assertThat(keys.telnyxPair("nobody")).isSameAs(keys.telnyxPair(WebhookKeys.DEFAULT));
        assertThat(keys.rotateTelnyx("team-a")).isNotEqualTo(first).isEqualTo(encoded(keys.telnyxPair("team-a")));
    }

    private static String encoded(final KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }
}
