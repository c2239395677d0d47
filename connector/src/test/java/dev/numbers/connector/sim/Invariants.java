package dev.numbers.connector.sim;

import dev.numbers.connector.account.AccountCatalog;
import dev.numbers.connector.account.AccountId;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.Provider;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.avro.ResultStatus;
import dev.numbers.schemas.avro.SignalWirePurchasePhoneNumber;
import dev.numbers.schemas.avro.SignalWireReleasePhoneNumber;
import dev.numbers.schemas.avro.TelnyxDeletePhoneNumber;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What must hold after every schedule. {@code post-after-lookup} and {@code number-bought-once} are checked by the
 * provider as calls arrive and are performed; the rest here, on what was committed. The quota ones read the committed
 * quotas topic with a production book: {@code tenant-within-quota} (neither the numbers sold nor the count ever above
 * the tenant's total) and {@code quota-counts-held} (every number sold is counted, so no refused or returned request
 * gave back credit it did not take, and no reservation is left unanswered); {@code answers-what-happened}: a request
 * whose number the provider bought is answered SUCCEEDED, or FAILED {@code outcome_unknown}, never a definite failure;
 * {@code released-only-held}: a release answered SUCCEEDED only for a number the provider released from that account.
 */
final class Invariants {

    static final List<String> NAMES = List.of("post-after-lookup", "number-bought-once", "one-outcome",
            "repeats-alike", "no-started-after-completed", "nothing-lost", "tenant-within-quota",
            "quota-counts-held", "answers-what-happened", "released-only-held");

    private Invariants() {
    }

    static void check(final World world, final List<NumberRequest> produced) {
        for (final var request : produced) {
            final var id = request.getRequestId().toString();
            final var published = world.results.stream().filter(p -> p.requestId().equals(id)).toList();
            final var all = published.stream().filter(World.Published::ran).toList();
            if (all.isEmpty()) {
                world.violated("nothing-lost", id + " has no committed outcome");
                continue;
            }
            // A record of it handled after the dedupe window is REJECTED stale with a COMPLETED of its own (its
            // entry may be gone): that is not a second run, unless it is all the request ever got.
            final var fresh = all.stream().filter(p -> !stale(p.result())).toList();
            final var ran = fresh.isEmpty() ? all.subList(0, 1) : fresh;
            if (ran.size() > 1) {
                world.violated("one-outcome", id + " has " + ran.size() + " committed outcomes: " + ran.stream()
                        .map(p -> p.by() + " " + p.result().getStatus()).toList());
            }
            final var first = ran.getFirst().result();
            releasedOnlyHeld(world, request, published);
            if (bought(world, request) && first.getStatus() != ResultStatus.SUCCEEDED
                    && !codes(first).contains("outcome_unknown")) {
                world.violated("answers-what-happened", id + " answered " + first.getStatus() + " " + codes(first)
                        + " by " + ran.getFirst().by() + ", but the provider bought its number");
            }
            for (final var answer : published) {
                if (!alike(first, answer.result()) && !stale(answer.result())) {
                    world.violated("repeats-alike", id + " answered " + first.getStatus() + " and later "
                            + answer.result().getStatus() + " by " + answer.by());
                }
            }
        }
        final var completed = new HashSet<String>();
        for (int offset = 0; offset < world.intents.size(); offset++) {
            final var intent = world.intents.get(offset);
            if (intent.tombstone()) {
                continue;
            }
            if (intent.completed()) {
                completed.add(intent.requestId());
            } else if (completed.contains(intent.requestId())) {
                world.violated("no-started-after-completed", intent.requestId() + " STARTED at " + offset
                        + " by " + intent.claimant() + " after its COMPLETED");
            }
        }
        // Held now: what was sold less what was released (every purchase is the tenant's).
        final int sold = world.provider.owned();
        final var counted = world.quotaLog.counted(Schedule.TENANT);
        if (sold > world.quotaLimit || counted.total() > world.quotaLimit) {
            world.violated("tenant-within-quota", "the tenant holds " + sold + " numbers and is counted "
                    + counted.total() + ", its total quota is " + world.quotaLimit);
        }
        // Counted may exceed sold: a purchase whose outcome stayed unknown keeps its count (the safe side).
        if (counted.total() < sold || counted.open() != 0) {
            world.violated("quota-counts-held", "the quotas topic counts " + counted.total() + " numbers and "
                    + counted.open() + " open reservations; the provider sold " + sold);
        }
        for (int p = 0; p < world.partitions(); p++) {
            if (world.committed[p] < world.requests.get(p).size()) {
                world.violated("nothing-lost", "p" + p + " committed to " + world.committed[p] + " of "
                        + world.requests.get(p).size() + " records");
            }
        }
    }

    /**
     * A release answered SUCCEEDED only when the provider released that number from the account the release went
     * through (by this request or, the number already gone from that account, by an earlier one after the tenant held
     * it there); numbers are never bought twice, so a release from that account happened only after it was held.
     */
    private static void releasedOnlyHeld(final World world, final NumberRequest request,
                                         final List<World.Published> published) {
        final String number;
        final String id;
        final Provider provider;
        switch (request.getOperation()) {
            case SignalWireReleasePhoneNumber r -> {
                number = text(r.getNumber());
                id = text(r.getPhoneNumberId());
                provider = Provider.SIGNALWIRE;
            }
            case TelnyxDeletePhoneNumber d -> {
                number = text(d.getNumber());
                id = text(d.getPhoneNumberId());
                provider = Provider.TELNYX;
            }
            default -> {
                return;
            }
        }
        final var account = new AccountId(provider, request.getAccount() == null ? AccountCatalog.DEFAULT
                : request.getAccount().toString());
        final var released = number != null ? number : SimReleases.numberOf(id);
        for (final var answer : published) {
            if (answer.result().getStatus() == ResultStatus.SUCCEEDED
                    && (released == null || !world.provider.released(released, account))) {
                world.violated("released-only-held", request.getRequestId() + " answered SUCCEEDED "
                        + codes(answer.result()) + " by " + answer.by() + " for " + (number != null ? number : id)
                        + " at " + account + ", which the provider never released from there (held at "
                        + (released == null ? null : world.provider.holder(released)) + ")");
            }
        }
    }

    private static String text(final CharSequence value) {
        return value == null ? null : value.toString();
    }

    /** Whether the provider sold the number this purchase names (each request names its own number). */
    private static boolean bought(final World world, final NumberRequest request) {
        return request.getOperation() instanceof SignalWirePurchasePhoneNumber purchase
                && world.provider.sold(purchase.getNumber().toString());
    }

    private static boolean stale(final NumberResult result) {
        return codes(result).equals(List.of("stale_request"));
    }

    private static boolean alike(final NumberResult a, final NumberResult b) {
        return a.getStatus() == b.getStatus() && Objects.equals(codes(a), codes(b))
                && Objects.equals(a.getReconciled(), b.getReconciled());
    }

    private static List<String> codes(final NumberResult result) {
        return result.getErrors().stream().map(e -> e.getCode().toString()).toList();
    }
}
