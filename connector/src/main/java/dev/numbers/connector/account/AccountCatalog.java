package dev.numbers.connector.account;

import dev.numbers.connector.operation.TenantName;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.SignalWireNumberConfiguration;
import dev.numbers.schemas.avro.TelnyxNumberConfiguration;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every configured provider account, each provider's default, and the tenant map; checked once at start-up, so a
 * misconfigured account stops the start with the key to fix instead of failing requests later.
 *
 * <p>The single-account keys of before ({@code connector.providers.signalwire.project-id}/{@code api-token},
 * {@code connector.providers.telnyx.api-key}) define the account named {@value #DEFAULT}, so existing configurations
 * keep working unchanged.
 */
@Singleton
public final class AccountCatalog {

    public static final String DEFAULT = "default";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String SW = "connector.providers.signalwire";
    private static final String TX = "connector.providers.telnyx";

    private final Map<AccountId, ProviderAccount> accounts = new LinkedHashMap<>();
    private final Map<Provider, String> defaults = new EnumMap<>(Provider.class);
    private final Map<String, String> tenants;

    @Inject
    public AccountCatalog(final SignalWireConfig signalWire, final TelnyxConfig telnyx,
                          final List<SignalWireAccountConfig> signalWireAccounts,
                          final List<TelnyxAccountConfig> telnyxAccounts, final AccountsConfig config) {
        this(accounts(signalWire, telnyx, signalWireAccounts, telnyxAccounts),
                defaults(signalWire.defaultAccount(), telnyx.defaultAccount()), config.tenants());
    }

    /**
     * {@code defaults} may leave a provider out: its account named {@value #DEFAULT} is its default, or its only
     * account.
     */
    public AccountCatalog(final List<ProviderAccount> accounts, final Map<Provider, String> defaults,
                          final Map<String, String> tenants) {
        for (final var account : accounts) {
            if (this.accounts.putIfAbsent(account.id(), account) != null) {
                throw new AccountConfigException(prefix(account.provider()) + ": the account " + account.name()
                        + " is configured twice (" + prefix(account.provider()) + ".accounts." + account.name()
                        + " and the single-account keys, which define the account named " + DEFAULT + ")");
            }
        }
        for (final var provider : Provider.values()) {
            final var names = names(provider);
            if (names.isEmpty()) {
                throw new AccountConfigException(prefix(provider) + ": no account configured (set "
                        + prefix(provider) + (provider == Provider.TELNYX ? ".api-key" : ".project-id and .api-token")
                        + ", or " + prefix(provider) + ".accounts.<name>.*)");
            }
            final var chosen = defaults.get(provider);
            if (chosen != null && !names.contains(chosen)) {
                throw new AccountConfigException(prefix(provider) + ".default-account: no account named " + chosen
                        + " (configured: " + String.join(", ", names) + ")");
            }
            if (chosen == null && !names.contains(DEFAULT) && names.size() > 1) {
                throw new AccountConfigException(prefix(provider) + ".default-account is required when several"
                        + " accounts are configured and none is named " + DEFAULT + " (configured: "
                        + String.join(", ", names) + ")");
            }
            this.defaults.put(provider, chosen != null ? chosen : names.contains(DEFAULT) ? DEFAULT : names.getFirst());
        }
        tenants.forEach((tenant, account) -> {
            if (accounts.stream().noneMatch(a -> a.name().equals(account))) {
                throw new AccountConfigException(AccountsConfig.PREFIX + ".tenants." + tenant + ": no account named "
                        + account + " is configured for any provider");
            }
        });
        try {
            this.tenants = TenantName.keys(AccountsConfig.PREFIX + ".tenants", tenants);
        } catch (IllegalArgumentException twice) {
            throw new AccountConfigException(twice.getMessage());
        }
    }

    /** Every account, in configuration order. */
    public Collection<ProviderAccount> all() {
        return List.copyOf(accounts.values());
    }

    public String defaultAccount(final Provider provider) {
        return defaults.get(provider);
    }

    /**
     * The account a request uses: the one it names ({@code requested}), else the one its tenant is mapped to, else
     * the provider's default. A name that is not an account of {@code provider} is {@link Route.Unknown}.
     */
    public Route route(final Provider provider, final String requested, final String tenant) {
        if (requested != null && !requested.isBlank()) {
            return found(provider, requested, "account", "the request names account '" + shown(requested) + "'");
        }
        final var name = TenantName.of(tenant);
        final var mapped = name == null ? null : tenants.get(name);
        if (mapped != null) {
            return found(provider, mapped, "tenant", "tenant '" + shown(tenant) + "' is mapped to account '" + mapped
                    + "' (" + AccountsConfig.PREFIX + ".tenants)");
        }
        return new Route.To(accounts.get(new AccountId(provider, defaults.get(provider))));
    }

    /** Where a request goes: an account, or a name the connector does not know for that provider. */
    public sealed interface Route {
        record To(ProviderAccount account) implements Route {
        }

        /** {@code field} is the request field that led here ({@code account} or {@code tenant}). */
        record Unknown(String field, String detail) implements Route {
        }
    }

    private Route found(final Provider provider, final String name, final String field, final String why) {
        final var account = accounts.get(new AccountId(provider, name));
        if (account != null) {
            return new Route.To(account);
        }
        return new Route.Unknown(field, why + ", which is not a configured " + provider + " account (configured: "
                + String.join(", ", names(provider)) + ")");
    }

    private List<String> names(final Provider provider) {
        return accounts.keySet().stream().filter(id -> id.provider() == provider).map(AccountId::name).sorted()
                .toList();
    }

    private static String shown(final String name) {
        // The name comes from a request: bounded in the answer whatever its length.
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }

    private static String prefix(final Provider provider) {
        return provider == Provider.TELNYX ? TX : SW;
    }

    private static Map<Provider, String> defaults(final String signalWire, final String telnyx) {
        final var defaults = new EnumMap<Provider, String>(Provider.class);
        if (signalWire != null && !signalWire.isBlank()) {
            defaults.put(Provider.SIGNALWIRE, signalWire);
        }
        if (telnyx != null && !telnyx.isBlank()) {
            defaults.put(Provider.TELNYX, telnyx);
        }
        return defaults;
    }

    private static List<ProviderAccount> accounts(final SignalWireConfig signalWire, final TelnyxConfig telnyx,
                                                  final List<SignalWireAccountConfig> signalWireAccounts,
                                                  final List<TelnyxAccountConfig> telnyxAccounts) {
        final var all = new ArrayList<ProviderAccount>();
        // The single-account keys make the account "default": always when no named account exists (so a missing
        // token is reported by its old key), otherwise only when they are set.
        final boolean legacySignalWire = signalWire.projectId() != null || signalWire.apiToken() != null
                || signalWire.apiTokenFile() != null;
        if (legacySignalWire || signalWireAccounts.isEmpty()) {
            all.add(signalWire(SW, DEFAULT, null, signalWire.projectId(), signalWire.apiToken(),
                    signalWire.apiTokenFile(), null, signalWire));
        }
        for (final var account : signalWireAccounts) {
            final var prefix = SW + ".accounts." + account.name();
            all.add(NumberDefaults.with(signalWire(prefix, account.name(), account.baseUrl(),
                    account.projectId(), account.apiToken(), account.apiTokenFile(), account.requestsPerSecond(),
                    signalWire), prefix, account.numberDefaults(), SignalWireNumberConfiguration.getClassSchema()));
        }
        final boolean legacyTelnyx = telnyx.apiKey() != null || telnyx.apiKeyFile() != null;
        if (legacyTelnyx || telnyxAccounts.isEmpty()) {
            all.add(telnyx(TX, DEFAULT, null, telnyx.apiKey(), telnyx.apiKeyFile(), null, telnyx));
        }
        for (final var account : telnyxAccounts) {
            final var prefix = TX + ".accounts." + account.name();
            all.add(NumberDefaults.with(telnyx(prefix, account.name(), account.baseUrl(), account.apiKey(),
                    account.apiKeyFile(), account.requestsPerSecond(), telnyx), prefix, account.numberDefaults(),
                    TelnyxNumberConfiguration.getClassSchema()));
        }
        return all;
    }

    private static ProviderAccount signalWire(final String prefix, final String name, final String baseUrl,
                                              final String projectId, final String token, final String tokenFile,
                                              final Integer requestsPerSecond, final SignalWireConfig provider) {
        checkName(prefix, name);
        if (projectId == null || projectId.isBlank()) {
            throw new AccountConfigException(prefix + ".project-id is required and not set (environment variable "
                    + environmentName(prefix + ".project-id") + ")");
        }
        final var secret = Secret.of(prefix + ".api-token", token, prefix + ".api-token-file", tokenFile);
        return new ProviderAccount(new AccountId(Provider.SIGNALWIRE, name),
                baseUrl(prefix, baseUrl, SW, provider.baseUrl()), projectId, secret,
                requestsPerSecond != null ? requestsPerSecond : provider.requestsPerSecond());
    }

    private static ProviderAccount telnyx(final String prefix, final String name, final String baseUrl,
                                          final String key, final String keyFile, final Integer requestsPerSecond,
                                          final TelnyxConfig provider) {
        checkName(prefix, name);
        final var secret = Secret.of(prefix + ".api-key", key, prefix + ".api-key-file", keyFile);
        return new ProviderAccount(new AccountId(Provider.TELNYX, name), baseUrl(prefix, baseUrl, TX,
                provider.baseUrl()), null, secret,
                requestsPerSecond != null ? requestsPerSecond : provider.requestsPerSecond());
    }

    private static String baseUrl(final String prefix, final String own, final String providerPrefix,
                                  final String providers) {
        final var url = own != null && !own.isBlank() ? own : providers;
        if (url == null || url.isBlank()) {
            throw new AccountConfigException(providerPrefix + ".base-url is required and not set (or "
                    + prefix + ".base-url)");
        }
        return url.replaceAll("/+$", "");
    }

    private static void checkName(final String prefix, final String name) {
        if (!NAME.matcher(name).matches()) {
            throw new AccountConfigException(prefix + ": an account name is 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    static String environmentName(final String key) {
        return key.replaceAll("[.-]", "_").toUpperCase(Locale.ROOT);
    }
}
