package dev.numbers.connector.sim;

import dev.numbers.connector.executor.Avro;
import dev.numbers.connector.executor.Outputs;
import dev.numbers.connector.quota.SteppedQuotas;

/**
 * The loop's transaction for one finished record: its result, its quota entry, a run's COMPLETED intent and the
 * request offset,
 * committed or aborted atomically. Under {@link Faults#AMBIGUOUS_COMMIT} the commit may time out and the broker not
 * tell its outcome: it committed or aborted, and the instance stops (as the loop's publisher does, never guessing);
 * its next incarnation learns which from the topics. A plain abort is not simulated: the loop publishes the same
 * results again in its next transaction, it does not run the record again.
 */
final class Transaction {

    private final World world;
    private final SimInstance instance;
    private final int partition;
    private final long offset;
    private final String requestId;

    Transaction(final World world, final SimInstance instance, final int partition, final long offset,
                final String requestId) {
        this.world = world;
        this.instance = instance;
        this.partition = partition;
        this.offset = offset;
        this.requestId = requestId;
    }

    /** True when the instance believes it committed (and moves on); false when it will run the record again. */
    boolean commit(final Outputs outputs) {
        final var intent = outputs instanceof Outputs.Ran ran ? ran.completed() : null;
        final var completed = outputs instanceof Outputs.Ran ran ? instance.completedOf(ran) : null;
        final boolean ambiguous = world.faults.on(Faults.AMBIGUOUS_COMMIT) && world.random.nextInt(100) < 5;
        final boolean applied = !ambiguous || world.random.nextBoolean();
        if (applied) {
            for (final var record : outputs.records()) {
                if (SteppedQuotas.TOPIC.equals(record.topic())) {
                    world.quotas.add(SteppedQuotas.entry(record));
                }
                if ("results".equals(record.topic())) {
                    world.results.add(new World.Published(requestId, Avro.decoded(record),
                            completed != null, instance.claimant(), partition, offset));
                }
            }
            if (completed != null) {
                world.intents.add(new Intent(requestId, completed, null, null, world.clock.instant()));
            }
            world.committed[partition] = Math.max(world.committed[partition], offset + 1);
        }
        final String what = outputs instanceof Outputs.Ran ? "ran" : outputs.records().isEmpty() ? "nothing"
                : "replayed";
        if (ambiguous) {
            world.log("%s commit of %s p%d@%d (%s) timed out; it %s; the instance stops", instance.claimant(),
                    requestId, partition, offset, what, applied ? "committed" : "aborted");
            instance.crashed = true;
            return false;
        }
        world.log("%s commits %s p%d@%d (%s%s)", instance.claimant(), requestId, partition, offset, what,
                outputs.records().isEmpty() ? "" : " " + world.results.getLast().result().getStatus());
        if (completed != null) {
            instance.committed(requestId, intent, completed);
        }
        return true;
    }
}
