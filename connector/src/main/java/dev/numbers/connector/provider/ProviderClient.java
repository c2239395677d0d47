package dev.numbers.connector.provider;

import dev.numbers.connector.outcome.Outcome;
import java.util.Optional;

/**
 * One provider account's client: performs the operations of its provider and probes the account's credentials. One
 * implementation per provider; {@link ProviderClients} hands out the one of the account a request was routed to, so
 * the executor never asks which provider it talks to.
 */
public interface ProviderClient extends AutoCloseable {

    /**
     * Performs the call's operation, which must be one of this client's provider (the account routing guarantees it).
     * Empty when the connector stopped before a search's candidate (or a release's DELETE) was recorded: nothing was
     * bought or released, and the request runs again after the restart.
     */
    Optional<Outcome> perform(ProviderCall call);

    /** A cheap authenticated read with the account's current credentials: 2xx means they work. */
    Exchange probe();

    @Override
    void close();
}
