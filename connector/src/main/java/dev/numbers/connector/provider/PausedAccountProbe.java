package dev.numbers.connector.provider;

import dev.numbers.connector.account.AccountsConfig;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumes paused accounts without a restart: every {@code connector.accounts.probe-interval} each paused account is
 * asked a cheap authenticated read with its current credentials (a rotated token file is read again for it), and
 * the first 2xx resumes it, so its waiting requests go on. Any other answer (401 again, 5xx, no answer) leaves it
 * paused until the next probe: only a working read proves the credentials.
 */
@Context
public final class PausedAccountProbe {

    private static final Logger LOG = LoggerFactory.getLogger(PausedAccountProbe.class);

    private final ProviderHealth health;
    private final ProviderClients clients;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .daemon().name("paused-account-probe").factory());

    public PausedAccountProbe(final ProviderHealth health, final ProviderClients clients, final AccountsConfig config) {
        this.health = health;
        this.clients = clients;
        final long interval = config.probeInterval().toMillis();
        timer.scheduleWithFixedDelay(this::probeAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    void probeAll() {
        for (final var account : health.paused()) {
            try {
                final var answer = clients.probe(account);
                if (answer instanceof Exchange.Answered a && a.status() / 100 == 2) {
                    if (health.resume(account)) {
                        LOG.info("{}: the credentials work again (probe answered {}); the account serves again",
                                account, a.status());
                    }
                } else {
                    LOG.info("{}: still paused, the probe got {}", account, switch (answer) {
                        case Exchange.Answered a -> "HTTP " + a.status();
                        case Exchange.Unreachable u -> "no answer";
                        case Exchange.Reconciled r -> "a reconciled answer";
                        case Exchange.Ambiguous a -> "an ambiguous answer";
                    });
                }
            } catch (RuntimeException unexpected) {
                // The probe thread must survive anything one account's probe throws.
                LOG.warn("{}: the probe failed ({}); trying again next interval", account,
                        unexpected.getClass().getSimpleName());
            }
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
