package dev.numbers.connector.sim;

import dev.numbers.connector.account.AccountId;
import dev.numbers.connector.outcome.Errors;
import dev.numbers.connector.outcome.Outcome;
import dev.numbers.connector.provider.CallClaim;
import dev.numbers.connector.provider.ProviderCall;
import dev.numbers.connector.provider.Releases;
import dev.numbers.schemas.avro.ReleasedResource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The release endpoint of the {@link SimProvider}, as the production clients use it: the number (named by E.164 or by
 * its provider id) is looked up in the account the call goes through, one that account does not list is answered by
 * the production {@link Releases#notHeld} without a write, and the DELETE of one it lists draws its fate like a
 * post: answered, failed (500, not performed), timed out (performed at once, later, or never), or performed while the
 * calling process dies.
 */
final class SimReleases {

    private static final String ID_PREFIX = "00000000-0000-4000-8000-0";

    /** The provider id of {@code number} (a uuid, as SignalWire's are), as a release by id names it. */
    static String idOf(final String number) {
        return ID_PREFIX + number.substring(1);
    }

    /** The number a provider id names; null for an id of no number. */
    static String numberOf(final String id) {
        return id != null && id.startsWith(ID_PREFIX) ? "+" + id.substring(ID_PREFIX.length()) : null;
    }

    private final World world;
    private final SimProvider provider;

    SimReleases(final World world, final SimProvider provider) {
        this.world = world;
        this.provider = provider;
    }

    Optional<Outcome> release(final AccountId account, final String number, final String id,
                              final ProviderCall call) {
        final var caller = provider.caller;
        final var requestId = call.requestId();
        // The lookup in that account: by E.164, or the listing searched for the id.
        final var named = number != null ? number : numberOf(id);
        if (named == null || !account.equals(provider.holder(named))) {
            world.log("%s looks up %s's number %s at %s: not listed", caller.name(), requestId,
                    number != null ? number : id, account);
            provider.notListedCount++;
            return Optional.of(Releases.notHeld(call.prior(), number, id, 1));
        }
        call.claim().check();
        if (!Releases.deleting(call.claim(), number, id)) {
            return Optional.empty();
        }
        provider.deleteCount++;
        final var now = world.clock.instant();
        final int fate = world.random.nextInt(100);
        if (fate < 4) {
            world.log("%s dies before its DELETE of %s reaches the provider", caller.name(), named);
            caller.crashed = true;
            throw new CallClaim.Revoked("the process died");
        }
        if (fate < 14) {
            world.log("%s deletes %s from %s for %s: 500, not performed", caller.name(), named, account, requestId);
            return Optional.of(new Outcome.Failed(List.of(Errors.of("provider_error", "Provider error",
                    "the provider answered 500", null)), "{}", 1));
        }
        final boolean late = world.faults.on(Faults.LATE_PERFORM);
        if (fate < 22) {
            final var at = world.random.nextBoolean() ? null : later(now, late);
            provider.releasing(requestId, named, account, at);
            world.log("%s deletes %s from %s for %s: timed out", caller.name(), named, account, requestId);
            return Optional.of(new Outcome.Failed(List.of(Errors.of("outcome_unknown", "Outcome unknown",
                    "no answer within the request time-out", null)), null, 1));
        }
        if (fate < 29) {
            provider.releasing(requestId, named, account, later(now, late));
            world.log("%s deletes %s from %s for %s and dies", caller.name(), named, account, requestId);
            caller.crashed = true;
            throw new CallClaim.Revoked("the process died");
        }
        provider.releasing(requestId, named, account, now);
        world.log("%s deletes %s from %s for %s: released", caller.name(), named, account, requestId);
        return Optional.of(new Outcome.Succeeded(ReleasedResource.newBuilder().setKind(Releases.PHONE_NUMBER)
                .setId(idOf(named)).setNumber(named).setAlreadyGone(false).build(), "{}", 1, false));
    }

    private Instant later(final Instant now, final boolean late) {
        return now.plusMillis(late ? world.random.nextLong(World.PROCESSING_BOUND.toMillis()) : 0);
    }
}
