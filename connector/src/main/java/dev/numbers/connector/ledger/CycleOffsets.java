package dev.numbers.connector.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one claim cycle's STARTED intents landed ({@link ClaimLane}): the first offset in each intents partition,
 * which is where the fence's read must reach ({@link ClaimFence}), but only when the cycle's records are contiguous in
 * every partition; a record of another writer between two of them would lie where the read does not look.
 */
final class CycleOffsets {

    private CycleOffsets() {
    }

    /**
     * {@code partitions[i]} and {@code offsets[i]} describe the cycle's i-th record. Answers the first offset per
     * partition, or an empty map when in some partition the records are not contiguous.
     */
    static Map<Integer, Long> firstsIfContiguous(final int[] partitions, final long[] offsets) {
        final var byPartition = new HashMap<Integer, List<Long>>();
        for (int i = 0; i < offsets.length; i++) {
            byPartition.computeIfAbsent(partitions[i], p -> new ArrayList<>()).add(offsets[i]);
        }
        final var firsts = new HashMap<Integer, Long>();
        for (final var entry : byPartition.entrySet()) {
            final long first = Collections.min(entry.getValue());
            if (Collections.max(entry.getValue()) - first != entry.getValue().size() - 1) {
                return Map.of();
            }
            firsts.put(entry.getKey(), first);
        }
        return firsts;
    }
}
