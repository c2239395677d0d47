package dev.numbers.connector.ratelimit;

import java.util.Map;
import java.util.Set;

/**
 * This instance's part of an account's limit, from one look at the whole consumer group. Every member computes it
 * from the same kind of look, so the parts add up to the limit without the members talking to each other.
 *
 * <p>The limit follows the work, not the member count: only partitions with a backlog (records not yet committed by
 * the group) take part. Half of the limit is split evenly over them, half in proportion to their backlog, so a hot
 * partition (uneven keys) gets more, a partition nobody writes to wastes nothing, and no busy partition is starved by
 * a bigger one. A member whose partitions have no backlog keeps {@link #IDLE_FRACTION} of the limit, so a request
 * that arrives between two looks (or one still finishing after its partition moved) is not stuck until the next;
 * that is the only way the parts can add up to slightly more than the limit. With no backlog anywhere the limit is
 * split by partitions owned.
 *
 * @param perSecond this instance's permits per second
 * @param members   the group's members at the look
 * @param owned     request partitions this instance owns
 * @param busy      partitions of the topic with a backlog, this instance's and others'
 * @param partitions partitions of the request topic
 */
public record GroupShare(double perSecond, int members, int owned, int busy, int partitions) {

    static final double IDLE_FRACTION = 0.01;

    /** What the group looked like: members and the backlog of every request partition (by partition number). */
    public record Look(int members, Map<Integer, Long> backlog) {
        public Look {
            backlog = Map.copyOf(backlog);
        }
    }

    GroupShare times(final double factor) {
        return new GroupShare(perSecond * factor, members, owned, busy, partitions);
    }

    /** The whole limit: no group is known yet (a lone instance, a test, or before the first look). */
    static GroupShare alone(final double limit) {
        return new GroupShare(limit, 1, 0, 0, 0);
    }

    static GroupShare of(final double limit, final Set<Integer> mine, final Look look) {
        final var backlog = look.backlog();
        if (backlog.isEmpty()) {
            return alone(limit);
        }
        final int owned = (int) mine.stream().filter(backlog::containsKey).count();
        final long total = backlog.values().stream().mapToLong(b -> Math.max(0, b)).sum();
        final int busy = (int) backlog.values().stream().filter(b -> b > 0).count();
        final double part;
        if (busy == 0) {
            part = (double) owned / backlog.size();
        } else {
            double sum = 0;
            for (final var partition : mine) {
                final long b = backlog.getOrDefault(partition, 0L);
                if (b > 0) {
                    sum += 0.5 / busy + 0.5 * b / total;
                }
            }
            part = sum;
        }
        final double perSecond = Math.max(limit * part, limit * IDLE_FRACTION);
        return new GroupShare(perSecond, Math.max(1, look.members()), owned, busy, backlog.size());
    }
}
