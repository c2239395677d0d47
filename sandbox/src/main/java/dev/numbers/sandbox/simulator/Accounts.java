package dev.numbers.sandbox.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider accounts the simulator serves: SignalWire projects (project id and token, sent as Basic auth) and
 * Telnyx API keys (sent as Bearer), each under a name, with its own optional rate limit and the numbers it bought.
 * The credentials of {@link SimulatorConfig} are the account named {@value #DEFAULT} of each provider.
 *
 * <p>A test rotates an account's credentials with {@link #signalWire}/{@link #telnyx} while the simulator runs: the
 * old token is refused (401) from the next call on, the way a provider answers a revoked token.
 */
public final class Accounts {

    public static final String DEFAULT = "default";

    /** Which provider an account belongs to; names are per provider. */
    public enum Kind { SIGNALWIRE, TELNYX }

    private record Credential(Kind kind, String name) {
    }

    private final Map<String, String> signalWireProjects = new ConcurrentHashMap<>();
    private final Map<Credential, String> authorizations = new ConcurrentHashMap<>();
    // Rebuilt on every change and read on every request: the lookup stays one map get under load.
    private volatile Map<String, Credential> byAuthorization = Map.of();
    private final Map<Credential, Faults.Limit> limits = new ConcurrentHashMap<>();
    private final Map<Credential, String> owners = new ConcurrentHashMap<>();

    Accounts(final SimulatorConfig config) {
        signalWire(DEFAULT, config.signalWireProjectId(), config.signalWireToken());
        telnyx(DEFAULT, config.telnyxApiKey());
    }

    /** Adds the SignalWire project {@code name}, or gives it a new project id and token (the old ones get 401). */
    public synchronized Accounts signalWire(final String name, final String projectId, final String token) {
        signalWireProjects.put(name, projectId);
        authorizations.put(new Credential(Kind.SIGNALWIRE, name), "Basic " + Base64.getEncoder()
                .encodeToString((projectId + ":" + token).getBytes(StandardCharsets.UTF_8)));
        rebuild();
        return this;
    }

    /** Adds the Telnyx account {@code name}, or gives it a new API key (the old one gets 401). */
    public synchronized Accounts telnyx(final String name, final String apiKey) {
        authorizations.put(new Credential(Kind.TELNYX, name), "Bearer " + apiKey);
        rebuild();
        return this;
    }

    /** The SignalWire project id of account {@code name}. */
    public String signalWireProjectId(final String name) {
        return signalWireProjects.get(name);
    }

    /**
     * This account's own token bucket ({@code perSecond} with {@code burst}), instead of the fault settings' limit
     * shared by every account; 0 removes it.
     */
    public Accounts rateLimit(final Kind kind, final String name, final double perSecond, final int burst) {
        final var credential = new Credential(kind, name);
        if (perSecond <= 0) {
            limits.remove(credential);
        } else {
            limits.put(credential, new Faults.Limit(perSecond, burst));
        }
        return this;
    }

    /** The account name {@code authorization} (the request's header) belongs to, or null: answer 401. */
    String authenticate(final Kind kind, final String authorization) {
        if (authorization == null) {
            return null;
        }
        final var credential = byAuthorization.get(authorization);
        return credential == null || credential.kind() != kind ? null : credential.name();
    }

    /** The account's own limit, or null when it has none. */
    Faults.Limit limit(final Kind kind, final String name) {
        return limits.get(new Credential(kind, name));
    }

    // Keyed by provider and number (a Credential's name field holds the number): each provider sells its own.

    /** Records that {@code account} bought {@code number}. */
    void own(final Kind kind, final String number, final String account) {
        owners.put(new Credential(kind, number), account);
    }

    /** Forgets the owner of a released number. */
    void release(final Kind kind, final String number) {
        owners.remove(new Credential(kind, number));
    }

    /** Whether {@code account} may see and release {@code number}: it bought it. */
    boolean owns(final Kind kind, final String account, final String number) {
        return account.equals(owners.get(new Credential(kind, number)));
    }

    /** The account of this provider that bought {@code number} and still owns it, or null. */
    public String owner(final Kind kind, final String number) {
        return owners.get(new Credential(kind, number));
    }

    /** The numbers {@code account} of this provider owns now. */
    public Set<String> ownedBy(final Kind kind, final String account) {
        final var owned = new TreeSet<String>();
        owners.forEach((number, owner) -> {
            if (number.kind() == kind && owner.equals(account)) {
                owned.add(number.name());
            }
        });
        return owned;
    }

    private void rebuild() {
        final var next = new HashMap<String, Credential>();
        authorizations.forEach((credential, header) -> next.put(header, credential));
        byAuthorization = Map.copyOf(next);
    }

    @Override
    public String toString() {
        // Tokens stay out of logs and assertion messages.
        return "Accounts" + authorizations.keySet();
    }
}
