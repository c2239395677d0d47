package dev.numbers.connector.account;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.reactivestreams.Publisher;

/**
 * {@code /health}'s {@code secret-files}: DOWN while a provider credential kept in a file ({@code api-token-file},
 * {@code api-key-file}) is deleted, empty or unreadable. The connector goes on with the value it read before (a
 * rotation in progress must not fail calls), so without this the operator would not learn that the next restart
 * cannot start. {@code connector_secret_file_problems_total{provider,account}} counts each problem once, when it
 * starts. The details name the setting and the file, never the value.
 */
@Singleton
public final class SecretFileHealth implements HealthIndicator {

    private record Watched(ProviderAccount account, Secret.FromFile secret) {
    }

    private final List<Watched> watched;

    public SecretFileHealth(final AccountCatalog catalog, final MeterRegistry meters) {
        this.watched = catalog.all().stream()
                .filter(account -> account.secret() instanceof Secret.FromFile)
                .map(account -> new Watched(account, (Secret.FromFile) account.secret()))
                .toList();
        for (final var one : watched) {
            FunctionCounter.builder("connector.secret.file.problems", one.secret().file(), f -> f.problems())
                    .tag("provider", one.account().provider().name()).tag("account", one.account().name())
                    .register(meters);
        }
    }

    @Override
    public Publisher<HealthResult> getResult() {
        final var problems = problems();
        return Publishers.just(HealthResult.builder("secret-files", problems.isEmpty() ? HealthStatus.UP
                : HealthStatus.DOWN).details(problems.isEmpty() ? Map.of("files", watched.size()) : problems)
                .build());
    }

    /** Per provider/account, what is wrong with its credential file now; empty while every file is good. */
    Map<String, String> problems() {
        final var problems = new TreeMap<String, String>();
        for (final var one : watched) {
            one.secret().file().problem().ifPresent(problem -> problems.put(one.account().provider().name() + "/"
                    + one.account().name(), problem));
        }
        return problems;
    }
}
