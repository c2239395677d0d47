package dev.numbers.connector.sim;

import dev.numbers.connector.executor.LedgerGate;
import dev.numbers.connector.executor.RunClaim;
import dev.numbers.connector.ledger.LedgerEntry;
import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.connector.provider.CallClaim;
import dev.numbers.schemas.avro.NumberRequest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The production claim protocol ({@code ledger.Claims}) on the simulated intents topic, one decision at a time: the
 * writer reads everything before its STARTED and never writes one after a COMPLETED; the claim runs when no earlier
 * claim of another claimant may still send a call by the real {@code ClaimLife} rule (an earlier incarnation of
 * the same instance included); while one does, nothing runs and the record is tried again at a later step. A taker
 * learns when the earlier calls settle ({@code PriorAttempts.settles}): before then it may look up but not post.
 */
final class SimClaims implements LedgerGate.Claiming {

    private final World world;
    private final SimInstance instance;

    SimClaims(final World world, final SimInstance instance) {
        this.world = world;
        this.instance = instance;
    }

    @Override
    public RunClaim claim(final NumberRequest request, final int attempt, final PriorAttempts prior,
                          final BooleanSupplier stopping) {
        final var id = request.getRequestId().toString();
        return new RunClaim() {
            private LedgerEntry.Completed answered;

            @Override
            public Optional<PriorAttempts> take() {
                if (stopping.getAsBoolean()) {
                    return Optional.empty();
                }
                instance.catchUp();
                final var known = instance.mirror().lookup(id);
                if (known.isPresent() && known.get() instanceof LedgerEntry.Completed done) {
                    answered = done;
                    return Optional.empty();
                }
                final var now = world.clock.instant();
                final long from = world.intents.size();
                world.intents.add(new Intent(id, new LedgerEntry.Started(attempt, prior.since()),
                        instance.claimant(), now.plus(World.LEASE), now));
                instance.catchUp();
                final var mine = instance.mirror().holds(id).stream()
                        .filter(h -> h.claimant().equals(instance.claimant())).findFirst().orElseThrow();
                final var earlier = instance.mirror().holds(id).stream()
                        .filter(h -> !h.claimant().equals(instance.claimant()) && h.from() < mine.from()).toList();
                final var live = earlier.stream().filter(this::live).toList();
                if (!live.isEmpty()) {
                    world.log("%s claims %s at %d: waits for the live claim of %s", instance.name(), id, from,
                            live.get(0).claimant());
                    return Optional.empty();
                }
                world.log("%s claims %s at %d (attempt %d%s)", instance.name(), id, from, attempt,
                        earlier.isEmpty() ? "" : ", taking over from " + earlier.get(0).claimant());
                return Optional.of(new PriorAttempts(prior.mayHaveRun() || !earlier.isEmpty(), prior.since(),
                        prior.candidate(), settles(earlier)));
            }

            /** Its claimant may still send: nobody takes the request over before then. */
            private boolean live(final Mirror.Hold hold) {
                return world.clock.instant().isBefore(instance.life().lastSend(hold.claimant(), hold.leaseUntil()));
            }

            /** When the earlier claims' calls can no longer be performed; null when that has passed. */
            private Instant settles(final List<Mirror.Hold> earlier) {
                return earlier.stream().map(h -> instance.life().settledAt(h.claimant(), h.leaseUntil()))
                        .filter(at -> at.isAfter(world.clock.instant())).max(Comparator.naturalOrder()).orElse(null);
            }

            @Override
            public void check() {
                if (stopping.getAsBoolean()) {
                    throw new CallClaim.Revoked("stopping or the partition moved");
                }
            }

            @Override
            public boolean recordCandidate(final String number) {
                return !stopping.getAsBoolean();
            }

            @Override
            public Optional<LedgerEntry.Completed> answered() {
                return Optional.ofNullable(answered);
            }

            @Override
            public boolean lapsed() {
                return false;
            }
        };
    }
}
