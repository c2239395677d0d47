package dev.numbers.connector.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * Partitions whose next record was handed back (the registry could not serve its schema) and how long they rest
 * before it is read again: 100 ms, doubling up to the configured maximum, so a refusing registry is asked a few
 * times a minute instead of on every poll. Touched by the poll thread only.
 */
final class PartitionBackoff {

    private static final Duration FIRST = Duration.ofMillis(100);

    private final Duration max;
    private final Map<TopicPartition, Duration> waits = new HashMap<>();
    private final Map<TopicPartition, Instant> until = new HashMap<>();

    PartitionBackoff(final Duration max) {
        this.max = max;
    }

    void handBack(final TopicPartition partition) {
        final var wait = waits.merge(partition, FIRST, (current, ignored) -> Backoff.next(current, max));
        until.put(partition, Instant.now().plus(wait));
    }

    /** The partition's handed-back record was read; its next refusal starts from the shortest wait again. */
    void served(final TopicPartition partition) {
        waits.remove(partition);
        until.remove(partition);
    }

    boolean anyHandedBack() {
        return !waits.isEmpty();
    }

    /** Partitions still resting now. */
    Set<TopicPartition> resting() {
        final var now = Instant.now();
        return until.entrySet().stream().filter(e -> e.getValue().isAfter(now)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    void forget(final Collection<TopicPartition> partitions) {
        partitions.forEach(this::served);
    }
}
