package dev.numbers.connector.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.numbers.connector.config.ConfigurationTest;
import dev.numbers.connector.config.StartupErrors;
import dev.numbers.connector.operation.NumberSettings;
import dev.numbers.schemas.avro.Provider;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts as users configure them: named accounts, the single-account keys, defaults, tenants, files. */
class AccountCatalogTest {

    private static Map<String, Object> twoOfEach() {
        final var props = ConfigurationTest.valid();
        props.put("connector.providers.signalwire.requests-per-second", 40);
        props.put("connector.providers.signalwire.accounts.east.project-id", "project-east");
        props.put("connector.providers.signalwire.accounts.east.api-token", "PTeast-token-never-shown");
        props.put("connector.providers.signalwire.accounts.west.project-id", "project-west");
        props.put("connector.providers.signalwire.accounts.west.api-token", "PTwest-token-never-shown");
        props.put("connector.providers.signalwire.accounts.west.base-url", "http://west.example/api/relay/rest/");
        props.put("connector.providers.signalwire.accounts.west.requests-per-second", 7);
        props.put("connector.providers.telnyx.accounts.east.api-key", "KEYeast-never-shown");
        props.put("connector.accounts.tenants.acme", "east");
        props.put("connector.accounts.tenants.globex", "west");
        return props;
    }

    @Test
    void namedAccountsSitNextToTheSingleAccountKeysWhichStayTheAccountNamedDefault() {
        try (var context = ApplicationContext.run(twoOfEach())) {
            final var catalog = context.getBean(AccountCatalog.class);
            assertThat(catalog.all()).extracting(a -> a.id().toString()).containsExactlyInAnyOrder(
                    "SIGNALWIRE/default", "SIGNALWIRE/east", "SIGNALWIRE/west", "TELNYX/default", "TELNYX/east");
            assertThat(catalog.defaultAccount(Provider.SIGNALWIRE)).isEqualTo("default");
            final var west = to(catalog.route(Provider.SIGNALWIRE, "west", null));
            assertThat(west.baseUrl()).isEqualTo("http://west.example/api/relay/rest");
            assertThat(west.requestsPerSecond()).isEqualTo(7);
            assertThat(west.user()).isEqualTo("project-west");
            assertThat(west.secret().value()).isEqualTo("PTwest-token-never-shown");
            final var east = to(catalog.route(Provider.SIGNALWIRE, "east", null));
            // Unset per account: the provider's base URL and rate.
            assertThat(east.baseUrl()).isEqualTo("http://localhost:1/api/relay/rest");
            assertThat(east.requestsPerSecond()).isEqualTo(40);
            assertThat(catalog.all().toString() + context.getBean(SignalWireAccountConfig.class,
                    Qualifiers.byName("east")))
                    .doesNotContain("never-shown", "PTfake-signalwire-token", "KEYfake-telnyx-key");
        }
    }

    @Test
    void aRequestGoesToTheAccountItNamesElseItsTenantsElseTheDefault() {
        try (var context = ApplicationContext.run(twoOfEach())) {
            final var catalog = context.getBean(AccountCatalog.class);
            assertThat(to(catalog.route(Provider.SIGNALWIRE, "east", "globex")).name()).isEqualTo("east");
            assertThat(to(catalog.route(Provider.SIGNALWIRE, null, "globex")).name()).isEqualTo("west");
            assertThat(to(catalog.route(Provider.TELNYX, null, "acme")).name()).isEqualTo("east");
            assertThat(to(catalog.route(Provider.SIGNALWIRE, null, "initech")).name()).isEqualTo("default");
            assertThat(to(catalog.route(Provider.TELNYX, null, null)).name()).isEqualTo("default");
            // A producer's spelling of the tenant: compared trimmed and lower-case.
            assertThat(to(catalog.route(Provider.SIGNALWIRE, null, " GloBex ")).name()).isEqualTo("west");
        }
    }

    @Test
    void anAccountTheProviderDoesNotHaveIsUnknownNamingIt() {
        try (var context = ApplicationContext.run(twoOfEach())) {
            final var catalog = context.getBean(AccountCatalog.class);
            assertThat(catalog.route(Provider.SIGNALWIRE, "north", null)).isInstanceOfSatisfying(
                    AccountCatalog.Route.Unknown.class, u -> {
                        assertThat(u.field()).isEqualTo("account");
                        assertThat(u.detail()).contains("'north'", "SIGNALWIRE", "default, east, west");
                    });
            // globex is mapped to west, which exists only at SignalWire.
            assertThat(catalog.route(Provider.TELNYX, null, "globex")).isInstanceOfSatisfying(
                    AccountCatalog.Route.Unknown.class, u -> {
                        assertThat(u.field()).isEqualTo("tenant");
                        assertThat(u.detail()).contains("'globex'", "'west'", "TELNYX");
                    });
            assertThat(catalog.route(Provider.SIGNALWIRE, "x".repeat(5000), null)).isInstanceOfSatisfying(
                    AccountCatalog.Route.Unknown.class, u -> assertThat(u.detail()).hasSizeLessThan(300));
        }
    }

    @Test
    void severalAccountsWithoutADefaultOrATenantMappedToNoAccountStopTheStartNamingTheKey() {
        final var noDefault = twoOfEach();
        noDefault.remove("connector.providers.signalwire.project-id");
        noDefault.remove("connector.providers.signalwire.api-token");
        assertThat(StartupErrors.describe(failure(noDefault))).singleElement().asString().startsWith(
                "connector.providers.signalwire.default-account is required when several accounts are configured");
        noDefault.put("connector.providers.signalwire.default-account", "west");
        try (var context = ApplicationContext.run(noDefault)) {
            assertThat(context.getBean(AccountCatalog.class).defaultAccount(Provider.SIGNALWIRE)).isEqualTo("west");
        }
        final var badTenant = twoOfEach();
        badTenant.put("connector.accounts.tenants.hooli", "nowhere");
        assertThat(StartupErrors.describe(failure(badTenant))).containsExactly(
                "connector.accounts.tenants.hooli: no account named nowhere is configured for any provider");
        final var both = twoOfEach();
        both.put("connector.providers.signalwire.accounts.east.api-token-file", "/run/secrets/east");
        assertThat(StartupErrors.describe(failure(both))).containsExactly(
                "set either connector.providers.signalwire.accounts.east.api-token or"
                        + " connector.providers.signalwire.accounts.east.api-token-file, not both");
    }

    @Test
    void aTokenFileIsReadAgainWhenItChangesAndNeverShown(@TempDir final Path dir) throws Exception {
        final var file = Files.writeString(dir.resolve("east-token"), "PTfirst-token-in-file\n");
        final var props = twoOfEach();
        props.remove("connector.providers.signalwire.accounts.east.api-token");
        props.put("connector.providers.signalwire.accounts.east.api-token-file", file.toString());
        try (var context = ApplicationContext.run(props)) {
            final var east = to(context.getBean(AccountCatalog.class).route(Provider.SIGNALWIRE, "east", null));
            assertThat(east.secret().value()).isEqualTo("PTfirst-token-in-file");
            // Kubernetes swaps the file for a new one (new inode), as a rename does.
            final var next = Files.writeString(dir.resolve("east-token.new"), "PTsecond-token\n");
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            assertThat(east.secret().value()).isEqualTo("PTsecond-token");
            // Overwritten in place with a longer value.
            Files.writeString(file, "PTthird-token-longer\n");
            assertThat(east.secret().value()).isEqualTo("PTthird-token-longer");
            // Deleted: the last value stays (a swap in progress), but health says so and the problem is counted.
            final var health = context.getBean(SecretFileHealth.class);
            assertThat(health.problems()).isEmpty();
            Files.delete(file);
            assertThat(east.secret().value()).isEqualTo("PTthird-token-longer");
            assertThat(health.problems()).containsOnlyKeys("SIGNALWIRE/east");
            assertThat(health.problems().get("SIGNALWIRE/east")).contains(file.toString(), "deleted")
                    .doesNotContain("token-longer");
            assertThat(context.getBean(MeterRegistry.class).find("connector.secret.file.problems")
                    .tag("account", "east").functionCounter().count()).isEqualTo(1.0);
            assertThat(east.toString()).contains(file.toString()).doesNotContain("token-longer", "first", "second");
        }
    }

    @Test
    void aMissingTokenFileStopsTheStartNamingTheKeyAndTheFile(@TempDir final Path dir) {
        final var props = twoOfEach();
        props.remove("connector.providers.telnyx.accounts.east.api-key");
        props.put("connector.providers.telnyx.accounts.east.api-key-file", dir.resolve("absent").toString());
        assertThat(StartupErrors.describe(failure(props))).singleElement().asString()
                .contains("connector.providers.telnyx.accounts.east.api-key-file", dir.resolve("absent").toString());
    }

    @Test
    void anAccountsNumberDefaultsAreTheSettingsARequestIsLaidOver() {
        final var props = twoOfEach();
        props.put("connector.providers.telnyx.accounts.east.number-defaults.messaging-profile-id", "mp-marketing");
        props.put("connector.providers.telnyx.accounts.east.number-defaults.tags", "marketing, spring");
        props.put("connector.providers.telnyx.accounts.east.number-defaults.cnam-listing-enabled", "true");
        try (var context = ApplicationContext.run(props)) {
            final var east = to(context.getBean(AccountCatalog.class).route(Provider.TELNYX, "east", null));
            assertThat(east.defaults().fields()).containsEntry("messaging_profile_id", "mp-marketing")
                    .containsEntry("tags", List.of("marketing", "spring"))
                    .containsEntry("cnam_listing_enabled", true);
            final var request = new NumberSettings(Map.of("messaging_profile_id", "mp-request"));
            assertThat(request.over(east.defaults()).fields()).containsEntry("messaging_profile_id", "mp-request")
                    .containsEntry("cnam_listing_enabled", true);
        }
    }

    @Test
    void aNumberDefaultThatIsNoSettingStopsTheStartNamingTheKey() {
        final var props = twoOfEach();
        props.put("connector.providers.signalwire.accounts.east.number-defaults.call-handlr", "relay_topic");
        assertThatThrownBy(() -> ApplicationContext.run(props).close())
                .hasStackTraceContaining("connector.providers.signalwire.accounts.east.number-defaults.call-handlr");
    }

    private static ProviderAccount to(final AccountCatalog.Route route) {
        assertThat(route).isInstanceOf(AccountCatalog.Route.To.class);
        return ((AccountCatalog.Route.To) route).account();
    }

    private static Throwable failure(final Map<String, Object> props) {
        try (var context = ApplicationContext.run(props)) {
            context.getBean(AccountCatalog.class);
            throw new AssertionError("the start should have failed");
        } catch (RuntimeException expected) {
            return expected;
        }
    }
}
