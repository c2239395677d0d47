package dev.numbers.connector.sim;

import dev.numbers.connector.executor.LedgerGate;
import dev.numbers.connector.executor.RunClaim;
import dev.numbers.connector.ledger.ClaimBoard;
import dev.numbers.connector.ledger.ClaimStanding;
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
 * writer reads everything before its STARTED and never writes one after a COMPLETED; whether the claim runs, waits
 * or takes over is decided by the production {@link ClaimStanding} over the production claim board (an earlier
 * incarnation of the same instance included); while it waits, nothing runs and the record is tried again later. A
 * taker learns when the earlier calls settle ({@code PriorAttempts.settles}): before then it may look up but not post.
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
                final var standing = ClaimStanding.of(instance.mirror().holds(id), instance.claimant(),
                        instance.life(), world.clock.instant());
                return switch (standing) {
                    case ClaimStanding.Absent a -> throw new IllegalStateException(
                            "the board lost the claim just written for " + id);
                    case ClaimStanding.Behind behind -> {
                        world.log("%s claims %s at %d: waits for the live claim of %s", instance.name(), id, from,
                                behind.live().claimant());
                        yield Optional.empty();
                    }
                    case ClaimStanding.First first -> {
                        world.log("%s claims %s at %d (attempt %d%s)", instance.name(), id, from, attempt,
                                first.takesOver() ? ", taking over from " + first.earlier().get(0).claimant() : "");
                        yield Optional.of(new PriorAttempts(prior.mayHaveRun() || first.takesOver(), prior.since(),
                                candidate(), settles(first.earlier())));
                    }
                };
            }

            /** The latest candidate the view holds (as {@code ledger.Claims} asks it), else the one it started with. */
            private String candidate() {
                return instance.mirror().lookup(id).filter(LedgerEntry.Started.class::isInstance)
                        .map(e -> ((LedgerEntry.Started) e).candidate()).orElse(prior.candidate());
            }

            /** When the earlier claims' calls can no longer be performed; null when that has passed. */
            private Instant settles(final List<ClaimBoard.Hold> earlier) {
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
                if (stopping.getAsBoolean()) {
                    return false;
                }
                // STARTED again without a claim of its own, as ledger.Claims.recordCandidate writes it.
                world.intents.add(new Intent(id, new LedgerEntry.Started(attempt, prior.since(), number), null, null,
                        world.clock.instant()));
                instance.catchUp();
                world.log("%s records %s's candidate %s", instance.name(), id, number);
                return true;
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
