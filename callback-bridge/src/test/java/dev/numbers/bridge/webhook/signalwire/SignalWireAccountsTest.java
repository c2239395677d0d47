package dev.numbers.bridge.webhook.signalwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.bridge.webhook.WebhookRejected;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalWireAccountsTest {

    private static final String URL = "https://bridge.example/webhooks/signalwire/10dlc";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private static byte[] callback(final String projectId) {
        return ("{\"project_id\":\"" + projectId + "\",\"event_type\":\"number_assignment_activated\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(final String key, final byte[] body) {
        return HexFormat.of().formatHex(new SignalWireSignatureVerifier(key).sign(URL, body));
    }

    private SignalWireAccounts twoProjects(final boolean allowUnsigned) {
        return new SignalWireAccounts(List.of(
                new SignalWireAccountConfig("team-a", "project-a", "key-a", null),
                new SignalWireAccountConfig("team-b", "project-b", "key-b", null)), null, allowUnsigned, meters);
    }

    @Test
    void theCallbacksProjectChoosesTheKey() {
        final var accounts = twoProjects(false);
        final var a = callback("project-a");
        final var b = callback("project-b");

        assertThat(accounts.of(a).name()).isEqualTo("team-a");
        assertThat(accounts.of(a).verify(URL, a, sign("key-a", a))).isTrue();
        assertThat(accounts.of(b).verify(URL, b, sign("key-b", b))).isTrue();
        // project B's key does not sign for project A
        assertThatThrownBy(() -> accounts.of(a).verify(URL, a, sign("key-b", a)))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void anUnknownProjectIsRefusedEvenWhenUnsignedCallbacksAreAllowed() {
        final var accounts = twoProjects(true);

        for (final var body : List.of(callback("project-c"), "not json".getBytes(StandardCharsets.UTF_8),
                "{\"project_id\":42}".getBytes(StandardCharsets.UTF_8))) {
            assertThatThrownBy(() -> accounts.of(body)).isInstanceOfSatisfying(WebhookRejected.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.reason()).isEqualTo(WebhookRejected.Reason.UNKNOWN_ACCOUNT);
                assertThat(e.getMessage()).doesNotContain("project-c");
            });
        }
    }

    @Test
    void aKeyedProjectNeverTakesAnUnsignedCallbackEvenWhenUnsignedCallbacksAreAllowed() {
        final var accounts = twoProjects(true);
        final var a = callback("project-a");

        assertThatThrownBy(() -> accounts.of(a).verify(URL, a, null))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> accounts.of(a).verify(URL, a, sign("key-b", a)))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(accounts.of(a).verify(URL, a, sign("key-a", a))).isTrue();
    }

    @Test
    void allowUnsignedReachesOnlyASetUpWithoutAnyKeyAndMarksItsCallbacksUnverified() {
        final var keyless = new SignalWireAccounts(List.of(), null, true, meters);
        final var body = callback("any-project");

        assertThat(keyless.of(body).verify(URL, body, null)).isFalse();
    }

    @Test
    void theSingleKeyOfEarlierConfigurationsIsTheDefaultAccountForEveryProject() {
        final var accounts = new SignalWireAccounts(List.of(), "legacy-key", false, meters);
        final var body = callback("any-project");

        assertThat(accounts.of(body).name()).isEqualTo(SignalWireAccounts.DEFAULT);
        assertThat(accounts.of(body).verify(URL, body, sign("legacy-key", body))).isTrue();
        assertThatThrownBy(() -> accounts.of(body).verify(URL, body, null)).isInstanceOf(WebhookRejected.class);
    }

    @Test
    void theDefaultAccountCatchesProjectsNoOtherAccountNamesUntilItNamesOneItself() {
        final var catchAll = new SignalWireAccounts(List.of(
                new SignalWireAccountConfig("team-a", "project-a", "key-a", null)), "legacy-key", false, meters);
        assertThat(catchAll.of(callback("project-a")).name()).isEqualTo("team-a");
        assertThat(catchAll.of(callback("project-z")).name()).isEqualTo("default");

        final var named = new SignalWireAccounts(List.of(
                new SignalWireAccountConfig("team-a", "project-a", "key-a", null),
                new SignalWireAccountConfig("default", "project-d", null, null)), "legacy-key", false, meters);
        assertThat(named.of(callback("project-d")).name()).isEqualTo("default");
        assertThatThrownBy(() -> named.of(callback("project-z"))).isInstanceOf(WebhookRejected.class);
    }

    @Test
    void aConfigurationThatCannotTellProjectsApartFailsStartUp() {
        assertThatThrownBy(() -> new SignalWireAccounts(List.of(
                new SignalWireAccountConfig("team-a", null, "key-a", null)), null, false, meters))
                .hasMessageContaining("team-a has no project-id");
        assertThatThrownBy(() -> new SignalWireAccounts(List.of(
                new SignalWireAccountConfig("team-a", "project-a", "key-a", null),
                new SignalWireAccountConfig("team-b", "project-a", "key-b", null)), null, false, meters))
                .hasMessageContaining("named by two accounts");
        assertThatThrownBy(() -> new SignalWireAccounts(List.of(), null, false, meters))
                .hasMessageContaining("no SignalWire signing key");
    }
}
