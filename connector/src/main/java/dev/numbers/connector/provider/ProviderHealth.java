package dev.numbers.connector.provider;

import dev.numbers.connector.account.AccountCatalog;
import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.account.ProviderAccount;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;

/**
 * Which provider accounts are paused. A 401 means the account's credentials are wrong: every further call would
 * fail the same way, so that account alone is paused (health DOWN naming it) and its requests wait, while the other
 * accounts keep serving; {@link PausedAccountProbe} resumes it once its credentials
 * work again. {@code connector_provider_paused{provider,account}} is 1 while an account is paused.
 */
@Singleton
public final class ProviderHealth implements HealthIndicator {

    private final Map<AccountId, String> paused = new ConcurrentHashMap<>();
    private final List<AccountId> accounts;

    @Inject
    public ProviderHealth(final MeterRegistry meters, final AccountCatalog catalog) {
        this(meters, catalog.all().stream().map(ProviderAccount::id).toList());
    }

    public ProviderHealth(final MeterRegistry meters, final Collection<AccountId> accounts) {
        this.accounts = List.copyOf(accounts);
        for (final var account : this.accounts) {
            meters.gauge("connector.provider.paused", List.of(Tag.of("provider", account.provider().name()),
                    Tag.of("account", account.name())), paused, p -> p.containsKey(account) ? 1 : 0);
        }
    }

    /** Pauses the account; true when it was serving until now. */
    public boolean pause(final AccountId account, final String reason) {
        return paused.putIfAbsent(account, reason) == null;
    }

    /** Lets the account's requests go again; true when it was paused. */
    public boolean resume(final AccountId account) {
        return paused.remove(account) != null;
    }

    public boolean isPaused(final AccountId account) {
        return paused.containsKey(account);
    }

    public Set<AccountId> paused() {
        return Set.copyOf(paused.keySet());
    }

    /** DOWN while any account is paused; details per provider, per account: UP or why it is paused (never a token). */
    @Override
    public Publisher<HealthResult> getResult() {
        final var details = new TreeMap<String, Map<String, String>>();
        for (final var account : accounts) {
            details.computeIfAbsent(account.provider().name(), p -> new TreeMap<>())
                    .put(account.name(), paused.getOrDefault(account, "UP"));
        }
        return Publishers.just(HealthResult.builder("providers", paused.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details).build());
    }
}
