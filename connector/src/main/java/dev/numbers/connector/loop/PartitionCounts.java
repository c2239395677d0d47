package dev.numbers.connector.loop;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The partition counts this instance started with, per topic whose count it cannot change under it: the intents topic
 * (the claim writer and the tail place and read a request_id's intents by it) and the quotas topic (a tenant's
 * reservations are placed by it). Partitions added while it runs split one request_id's intents, or one tenant's
 * reservations, over partitions nobody reads together; that cannot be handled in flight, so it is detected here and
 * the instance refuses to go on ({@link KafkaProbe}).
 */
record PartitionCounts(Map<String, Integer> atStart) {

    PartitionCounts {
        atStart = Map.copyOf(atStart);
    }

    /** Why this instance must not go on with the counts seen {@code now}; empty while they are what it started with. */
    Optional<String> changed(final Map<String, Integer> now) {
        final var changed = new TreeMap<String, String>();
        atStart.forEach((topic, count) -> {
            final var current = now.get(topic);
            if (current != null && current.intValue() != count) {
                changed.put(topic, count + " -> " + current);
            }
        });
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("partition count changed under this instance " + changed + ": it places and reads"
                + " intents and quota reservations by the count it started with, so it stops taking requests;"
                + " restart every instance (docs/operations.md, Adding partitions)");
    }
}
