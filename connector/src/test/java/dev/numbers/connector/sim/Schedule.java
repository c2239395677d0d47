package dev.numbers.connector.sim;

import dev.numbers.connector.executor.Outputs;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.schemas.avro.NumberRequest;
import java.time.Duration;
import java.util.ArrayList;
import dev.numbers.connector.ledger.LedgerEntry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One seeded schedule: a few instances over a few request partitions; at each step the {@link World#random} picks
 * what happens next (an instance handles its next record, a tail reads on, a request is produced or sent again
 * under another key, an instance is killed, stopped, restarted from a stale or empty store, the group rebalances,
 * time jumps). Then the faults stop, every instance comes back, and the records are drained, so that the
 * {@link Invariants} can ask what was committed.
 */
final class Schedule {

    /** The one tenant every request is made for, so every purchase counts against one quota. */
    static final String TENANT = "acme";

    private final World world;
    private final List<SimInstance> instances = new ArrayList<>();
    private final Map<Integer, SimInstance> owner = new HashMap<>();
    private final Map<Integer, Long> position = new HashMap<>();
    private final List<NumberRequest> produced = new ArrayList<>();
    private final int requests;
    private final DlqReplays dlq;

    Schedule(final long seed, final Faults faults, final boolean tracing) {
        final var random = new Random(seed);
        this.world = new World(seed, faults, 1 + random.nextInt(3), tracing);
        final int count = 2 + world.random.nextInt(2);
        for (int i = 0; i < count; i++) {
            instances.add(new SimInstance(world, "i" + i));
        }
        // Releases need purchases before them to find something to release.
        this.requests = 3 + world.random.nextInt(6) + (faults.on(Faults.RELEASES) ? 4 : 0);
        this.dlq = new DlqReplays(world);
        rebalance();
    }

    World run() {
        final int steps = 30 + world.random.nextInt(50);
        for (int step = 0; step < steps; step++) {
            world.clock.advance(Duration.ofMillis(world.random.nextInt(3000)));
            world.provider.tick();
            dropOldOrphans();
            step(world.random.nextInt(100));
        }
        quiesce();
        return world;
    }

    /**
     * The publisher drops the results of partitions its member no longer owns at its next cycle, well within a claim's
     * lease ({@link World#PUBLISH_CYCLE}); under {@link Faults#STUCK_PUBLISHER} it may keep them much longer.
     */
    private void dropOldOrphans() {
        if (world.faults.on(Faults.STUCK_PUBLISHER)) {
            return;
        }
        for (final var instance : instances) {
            if (instance.alive && instance.holdsOrphansOlderThan(World.PUBLISH_CYCLE)) {
                world.log("%s's publisher drops the results of partitions it no longer owns", instance.claimant());
                instance.dropOrphans();
            }
        }
    }

    List<NumberRequest> produced() {
        return produced;
    }

    private void step(final int roll) {
        if (roll < 50) {
            handleSome();
        } else if (roll < 60) {
            pick().ifAlive(SimInstance::catchUpSome);
        } else if (roll < 72) {
            produceNew();
        } else if (roll < 78) {
            repeat();
        } else if (roll < 81) {
            final var victim = pick();
            if (victim.instance().alive) {
                world.log("kill %s", victim.instance().claimant());
                kill(victim.instance());
            }
        } else if (roll < 83) {
            final var stopped = pick();
            if (stopped.instance().alive) {
                world.log("graceful stop %s", stopped.instance().claimant());
                kill(stopped.instance());
            }
        } else if (roll < 90) {
            restartSome();
        } else if (roll < 95) {
            rebalance();
        } else {
            world.clock.advance(Duration.ofSeconds(world.random.nextInt(90)));
        }
    }

    private record Pick(SimInstance instance) {
        void ifAlive(final Consumer<SimInstance> action) {
            if (instance.alive) {
                action.accept(instance);
            }
        }
    }

    private Pick pick() {
        return new Pick(instances.get(world.random.nextInt(instances.size())));
    }

    private void produceNew() {
        if (produced.size() >= requests) {
            return;
        }
        final int n = produced.size();
        final var request = new SimRequests(world).next(n);
        produced.add(request);
        world.produce("k" + n, request, world.faults.on(Faults.DLQ_REPLAY) && world.random.nextInt(100) < 8);
    }

    /** The same request_id sent again, under another key (so maybe to another partition), now or much later. */
    private void repeat() {
        if (produced.isEmpty()) {
            return;
        }
        if (!dlq.unreplayed().isEmpty() && world.random.nextInt(100) < 30) {
            dlq.replay(world.random.nextInt(100) < 30);
            return;
        }
        if (world.faults.on(Faults.DAYS_LATER) && world.random.nextInt(100) < 5) {
            daysLater();
        }
        final var again = produced.get(world.random.nextInt(produced.size()));
        world.produce("k" + world.random.nextInt(1000), NumberRequest.newBuilder(again).build());
    }

    /**
     * More than the dedupe window passes, and the ledger's expiry ({@code ledger.LedgerExpiry}) tombstones every
     * COMPLETED whose request left it; STARTED entries are never touched. The tails read the tombstones as they go on.
     */
    private void daysLater() {
        world.clock.advance(World.DEDUPE_WINDOW.plusDays(1));
        world.provider.tick();
        // A tail lags by moments, not days: every live view has read what was written before.
        instances.stream().filter(instance -> instance.alive).forEach(SimInstance::catchUp);
        final var horizon = world.clock.instant().minus(World.DEDUPE_WINDOW);
        final Map<String, Intent> latest = new LinkedHashMap<>();
        world.intents.forEach(intent -> latest.merge(intent.requestId(), intent,
                (known, next) -> known.completed() && !next.tombstone() ? known : next));
        int tombstones = 0;
        for (final var intent : latest.values()) {
            if (intent.entry() instanceof LedgerEntry.Completed done && done.requestedAt().isBefore(horizon)) {
                world.intents.add(Intent.tombstone(intent.requestId(), world.clock.instant()));
                tombstones++;
            }
        }
        world.log("%d days pass; the ledger's expiry tombstones %d COMPLETED intents", World.DEDUPE_WINDOW.toDays() + 1,
                tombstones);
    }

    private void restartSome() {
        for (final var instance : instances) {
            if (!instance.alive) {
                final boolean empty = world.random.nextBoolean();
                instance.restart(empty);
                world.log("restart %s from %s store", instance.claimant(), empty ? "an empty" : "its stale");
                rebalance();
                return;
            }
        }
    }

    private void kill(final SimInstance instance) {
        instance.die();
        owner.values().removeIf(owned -> owned == instance);
    }

    /** Every partition to a live instance, each starting from its committed offset. */
    private void rebalance() {
        final var live = instances.stream().filter(i -> i.alive).toList();
        owner.clear();
        position.clear();
        if (live.isEmpty()) {
            return;
        }
        final var line = new StringBuilder("rebalance:");
        for (int p = 0; p < world.partitions(); p++) {
            final var to = live.get(world.random.nextInt(live.size()));
            owner.put(p, to);
            position.put(p, world.committed[p]);
            line.append(" p").append(p).append("→").append(to.name());
        }
        world.log("%s", line);
    }

    /** One owned partition's next record, if any; true when a record finished. */
    private boolean handleSome() {
        final int p = world.random.nextInt(world.partitions());
        final var instance = owner.get(p);
        if (instance == null || !instance.alive) {
            return false;
        }
        if (instance.holdsOrphans() && world.random.nextBoolean()) {
            world.log("%s's publisher drops the results of partitions it no longer owns", instance.claimant());
            instance.dropOrphans();
        }
        final long offset = position.get(p);
        final var records = world.requests.get(p);
        if (offset >= records.size()) {
            return false;
        }
        if (records.get((int) offset).undecodable()) {
            // The loop's dead-letter path: the DLQ copy and the offset in one transaction, no result.
            world.deadLetters.add(records.get((int) offset));
            world.committed[p] = Math.max(world.committed[p], offset + 1);
            position.put(p, offset + 1);
            world.log("%s cannot decode p%d@%d: to the DLQ", instance.claimant(), p, offset);
            return true;
        }
        final var request = records.get((int) offset).request();
        final var id = request.getRequestId().toString();
        final var outputs = instance.handle(request, new RecordRef("requests", p, offset), () -> false);
        if (instance.crashed) {
            world.log("%s died handling %s at p%d@%d", instance.claimant(), id, p, offset);
            kill(instance);
            return false;
        }
        if (instance.stopping) {
            // The stop's last commit publishes what the interrupted run returned: it must be nothing.
            outputs.ifPresent(done -> new Transaction(world, instance, p, offset, id).commit(done));
            world.log("%s stopped gracefully during its call for %s at p%d@%d (%s)", instance.claimant(), id, p,
                    offset, outputs.isPresent() ? "its outputs committed" : "nothing published");
            kill(instance);
            return false;
        }
        if (outputs.isEmpty()) {
            return false;
        }
        if (outputs.get() instanceof Outputs.Ran ran && world.faults.on(Faults.REVOKED_BEFORE_PUBLISH)
                && world.random.nextInt(100) < 8) {
            // Finished, but the partition is revoked before the transaction: the result stays pending here until
            // the publisher drops it, and the partition may come back to this very member meanwhile.
            world.log("%s finished %s at p%d@%d, but the partition is revoked before its transaction",
                    instance.claimant(), id, p, offset);
            instance.orphaned(ran);
            rebalance();
            return true;
        }
        if (new Transaction(world, instance, p, offset, id).commit(outputs.get())) {
            position.put(p, offset + 1);
        } else if (instance.crashed) {
            kill(instance);
        }
        return true;
    }

    /** No more faults: everyone back, time past every lease and processing bound, every record drained. */
    private void quiesce() {
        world.log("quiesce");
        for (final var instance : instances) {
            if (!instance.alive) {
                instance.restart(world.random.nextBoolean());
                world.log("restart %s", instance.claimant());
            }
        }
        rebalance();
        for (int round = 0; round < 400 && !(drained() && dlq.unreplayed().isEmpty()); round++) {
            // The operator fixed what made them undecodable and replays the DLQ.
            if (!dlq.unreplayed().isEmpty()) {
                dlq.replay(false);
            }
            world.clock.advance(World.LEASE.plus(World.CLOCK_MARGIN).plus(World.PROCESSING_BOUND));
            world.provider.flush();
            dropOldOrphans();
            for (final var instance : instances) {
                if (!instance.alive) {
                    instance.restart(false);
                    rebalance();
                }
            }
            for (int p = 0; p < world.partitions(); p++) {
                handleSome();
            }
        }
        world.provider.flush();
    }

    private boolean drained() {
        for (int p = 0; p < world.partitions(); p++) {
            if (world.committed[p] < world.requests.get(p).size()) {
                return false;
            }
        }
        return true;
    }
}
