package dev.numbers.connector.sim;

import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.operation.Operation;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.CallClaim;
import dev.numbers.connector.provider.Exchange;
import dev.numbers.connector.provider.ProviderCall;
import dev.numbers.connector.provider.ProviderClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A provider that sells numbers, seen through one client per account as the real HTTP clients are: a call that may
 * have run before is looked up first and found instead of posted again. Each post draws its fate: answered, failed
 * (500, not performed), slow (the client times out: outcome unknown, performed or not), or performed while the calling
 * process dies (its answer never arrives). Under {@link Faults#LATE_PERFORM} a call may be performed at any moment
 * up to the processing bound after receipt. Every post and purchase is checked against the provider-side invariants.
 * Numbers are held per provider and account: a purchase puts one into the account it went through, a lookup sees only
 * that account's, and {@link SimReleases} (the release endpoint) deletes from one account only.
 */
final class SimProvider {

    /**
     * A post received: performed at {@code performAt} (null when it never will be); {@code release} for a DELETE of
     * the number from {@code account}, else a purchase into it.
     */
    private record Post(String requestId, String by, Instant at, Instant performAt, AccountId account,
                        boolean release) {
    }

    private final World world;
    private final Map<String, List<Post>> posts = new HashMap<>();
    /** Each number held, and the provider account that holds it. */
    private final Map<String, AccountId> owned = new HashMap<>();
    /** Every number ever sold. */
    private final Set<String> sold = new HashSet<>();
    /** "number@account" of every number the provider released from that account. */
    private final Set<String> released = new HashSet<>();
    private final List<Map.Entry<String, Post>> pending = new ArrayList<>();
    private final SimReleases releases;
    /** The instance whose call is in progress; the scheduler sets it around each handled record. */
    SimInstance caller;
    int postCount;
    int lookupCount;
    /** Releases: DELETEs sent, and numbers the account looked up did not list. */
    int deleteCount;
    int notListedCount;

    SimProvider(final World world) {
        this.world = world;
        this.releases = new SimReleases(world, this);
    }

    /** The client of one provider account, as {@code ProviderClients} gives one per account. */
    ProviderClient through(final AccountId account) {
        return new ProviderClient() {
            @Override
            public Optional<Outcome> perform(final ProviderCall call) {
                return switch (call.operation()) {
                    case Operation.PurchasePhoneNumber purchase -> buy(account, purchase.number(), call);
                    case Operation.ReleasePhoneNumber release -> releases.release(account, release.number(),
                            release.phoneNumberId(), call);
                    case Operation.DeletePhoneNumber delete -> releases.release(account, delete.number(),
                            delete.phoneNumberId(), call);
                    default -> throw new IllegalArgumentException("not simulated: " + call.operation());
                };
            }

            @Override
            public Exchange probe() {
                throw new UnsupportedOperationException("no probes in the simulation");
            }

            @Override
            public void close() {
            }
        };
    }

    private Optional<Outcome> buy(final AccountId account, final String number, final ProviderCall call) {
        final var id = call.requestId().toString();
        final var now = world.clock.instant();
        Instant lookedUp = null;
        // The production rule of this process's own posts still in flight (provider.InFlight, as ProviderCaller
        // asks it): a later run of the same call here looks up first and waits for them to settle.
        final var key = "purchase:" + number;
        final var ownPosts = caller.inFlight().settles(key);
        if (call.prior().mayHaveRun() || ownPosts != null) {
            lookupCount++;
            lookedUp = now;
            if (account.equals(owned.get(number))) {
                world.log("%s looks up %s: found %s", caller.name(), id, number);
                return Optional.of(new Outcome.Succeeded(null, "{}", 1, true));
            }
            final var settles = later(call.prior().mayHaveRun() ? call.prior().settles() : null, ownPosts);
            if (settles != null && now.isBefore(settles)) {
                // The real caller waits here until the earlier post settled, then looks up again; the simulation
                // leaves the record for a later step, when its next run looks up again.
                world.log("%s looks up %s: nothing yet, waits until the earlier post settles", caller.name(), id);
                throw new CallClaim.Revoked("an earlier post may still be performed");
            }
            world.log("%s looks up %s: nothing yet", caller.name(), id);
        }
        call.claim().check();
        final int fate = world.random.nextInt(100);
        if (fate < 4) {
            world.log("%s dies before its post of %s reaches the provider", caller.name(), id);
            caller.crashed = true;
            throw new CallClaim.Revoked("the process died");
        }
        postCount++;
        checkFirstPost(id, lookedUp);
        if (owned.containsKey(number)) {
            record(id, number, account, now, null);
            world.log("%s posts %s: 422 number_already_owned", caller.name(), id);
            return Optional.of(new Outcome.Rejected(List.of(Errors.of("number_already_owned", "Number owned",
                    "the number is already owned", "number")), "{}", 1));
        }
        if (world.faults.on(Faults.STOP_IN_CALL) && fate >= 29 && world.random.nextInt(100) < 8) {
            return interruptedByTheStop(id, number, account, now);
        }
        if (fate < 14) {
            record(id, number, account, now, null);
            caller.inFlight().unsettled(key, now);
            world.log("%s posts %s: 500, not performed", caller.name(), id);
            return Optional.of(new Outcome.Failed(List.of(Errors.of("provider_error", "Provider error",
                    "the provider answered 500", null)), "{}", 1));
        }
        final boolean late = world.faults.on(Faults.LATE_PERFORM);
        if (fate < 22) {
            final var at = world.random.nextBoolean() ? null : now.plusMillis(late
                    ? world.random.nextLong(World.PROCESSING_BOUND.toMillis()) : 0);
            record(id, number, account, now, at);
            caller.inFlight().unsettled(key, now);
            world.log("%s posts %s: timed out (%s)", caller.name(), id, at == null ? "never performed"
                    : "performed at +" + (at.toEpochMilli() - now.toEpochMilli()) + "ms");
            return Optional.of(new Outcome.Failed(List.of(Errors.of("outcome_unknown", "Outcome unknown",
                    "no answer within the request time-out", null)), null, 1));
        }
        if (fate < 29) {
            final var at = now.plusMillis(late ? world.random.nextLong(World.PROCESSING_BOUND.toMillis()) : 0);
            record(id, number, account, now, at);
            world.log("%s posts %s and dies; performed at +%dms", caller.name(), id,
                    at.toEpochMilli() - now.toEpochMilli());
            caller.crashed = true;
            throw new CallClaim.Revoked("the process died");
        }
        record(id, number, account, now, now);
        world.log("%s posts %s: bought %s", caller.name(), id, number);
        return Optional.of(new Outcome.Succeeded(null, "{}", 1, false));
    }

    /**
     * The post reached the provider (performed at once, later, or never) when a graceful stop interrupted the call: the
     * HTTP client throws with the interruption as its cause, as the real ones do.
     */
    private Optional<Outcome> interruptedByTheStop(final String id, final String number, final AccountId account,
                                                   final Instant now) {
        final int when = world.random.nextInt(3);
        final var at = when == 0 ? null : when == 1 ? now : now.plusMillis(world.faults.on(Faults.LATE_PERFORM)
                ? world.random.nextLong(World.PROCESSING_BOUND.toMillis()) : 0);
        record(id, number, account, now, at);
        caller.stopping = true;
        world.log("%s posts %s; a graceful stop interrupts the call (%s)", caller.name(), id, at == null
                ? "never performed" : "performed at +" + (at.toEpochMilli() - now.toEpochMilli()) + "ms");
        throw new IllegalStateException("the call was interrupted", new InterruptedException("graceful stop"));
    }

    private static Instant later(final Instant a, final Instant b) {
        return a == null || b != null && b.isAfter(a) ? b : a;
    }

    /** Performs the calls whose moment has come. */
    void tick() {
        final var now = world.clock.instant();
        pending.removeIf(entry -> {
            if (entry.getValue().performAt().isAfter(now)) {
                return false;
            }
            perform(entry.getKey(), entry.getValue());
            return true;
        });
    }

    /** Performs every call still in the provider's hands (the end of a schedule). */
    void flush() {
        pending.forEach(entry -> perform(entry.getKey(), entry.getValue()));
        pending.clear();
    }

    private void record(final String id, final String number, final AccountId account, final Instant now,
                        final Instant performAt) {
        final var post = new Post(id, caller.claimant(), now, performAt, account, false);
        posts.computeIfAbsent(id, k -> new ArrayList<>()).add(post);
        schedule(number, post);
    }

    /** A DELETE of {@code number} from {@code account} received, performed at {@code performAt} (null: never). */
    void releasing(final String id, final String number, final AccountId account, final Instant performAt) {
        schedule(number, new Post(id, caller.claimant(), world.clock.instant(), performAt, account, true));
    }

    private void schedule(final String number, final Post post) {
        if (post.performAt() != null) {
            pending.add(Map.entry(number, post));
            tick();
        }
    }

    private void perform(final String number, final Post post) {
        if (post.release()) {
            // A DELETE of a number the account no longer holds answers 404 and changes nothing.
            if (post.account().equals(owned.get(number))) {
                owned.remove(number);
                released.add(number + "@" + post.account());
                world.log("provider performs %s's release of %s from %s", post.requestId(), number, post.account());
            }
            return;
        }
        if (owned.containsKey(number) || sold.contains(number)) {
            world.violated("number-bought-once", number + " bought again for " + post.requestId() + ", posted by "
                    + post.by());
            return;
        }
        owned.put(number, post.account());
        sold.add(number);
        world.log("provider performs %s's purchase of %s into %s", post.requestId(), number, post.account());
        // Checked at every purchase, not only at the end: a release credited wrongly lets the tenant buy past it.
        if (owned.size() > world.quotaLimit) {
            world.violated("tenant-within-quota", "the tenant holds " + owned.size() + " numbers after "
                    + post.requestId() + "'s purchase, its total quota is " + world.quotaLimit);
        }
    }

    /**
     * A second post of a request_id must come after a lookup that could see the first: one made after the first was
     * performed. A first post never performed (answered 500, or timed out unperformed) cannot buy twice.
     */
    private void checkFirstPost(final String id, final Instant lookedUp) {
        for (final var earlier : posts.getOrDefault(id, List.of())) {
            if (earlier.performAt() == null) {
                continue;
            }
            if (lookedUp == null || earlier.performAt().isAfter(lookedUp)) {
                world.violated("post-after-lookup", id + " posted again by " + caller.claimant() + " though the post"
                        + " of " + earlier.by() + " at " + earlier.at() + (lookedUp == null ? " was never looked up"
                        : " is performed after the lookup") + " (" + why(earlier) + ")");
            }
        }
    }

    /** Which rule let the second post out: the cause the trace shows, named for the report. */
    private String why(final Post earlier) {
        final var now = world.clock.instant();
        if (earlier.by().equals(caller.claimant())) {
            return "the same incarnation's earlier post, its outcome unknown, run again";
        }
        if (earlier.by().startsWith(caller.name() + "/")) {
            return "own earlier incarnation's claim taken as dead";
        }
        if (now.isAfter(earlier.at().plus(World.LEASE).plus(World.CLOCK_MARGIN))) {
            return "its claim's lease ended within the provider's processing bound";
        }
        return "a live claim the board did not know";
    }

    /** The numbers held now. */
    int owned() {
        return owned.size();
    }

    /** The account that holds {@code number} now; null when none does. */
    AccountId holder(final String number) {
        return owned.get(number);
    }

    boolean sold(final String number) {
        return sold.contains(number);
    }

    /** Whether the provider ever released {@code number} from {@code account}. */
    boolean released(final String number, final AccountId account) {
        return released.contains(number + "@" + account);
    }
}
