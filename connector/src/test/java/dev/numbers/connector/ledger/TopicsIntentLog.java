package dev.numbers.connector.ledger;

import dev.numbers.connector.lane.InMemoryTopics;
import dev.numbers.connector.lane.PartitionReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The ledger's reads of the intents topic over partitions held in memory, as {@link IntentReader} does them on the
 * broker: a catch-up reads read_committed up to each partition's end (so it waits for open transactions below it),
 * an advance takes what is readable now, a stored result is read back at its offset.
 */
final class TopicsIntentLog implements IntentLog {

    private static final Duration POLL = Duration.ofMillis(20);

    private final InMemoryTopics topics;
    private final String topic;
    private final PartitionReader reader;
    private int partitions;

    TopicsIntentLog(final InMemoryTopics topics, final String topic) {
        this.topics = topics;
        this.topic = topic;
        this.reader = topics.reader();
    }

    @Override
    public Optional<ConsumerRecord<byte[], byte[]>> fetch(final int partition, final long offset) {
        return topics.committedAt(topic, partition, offset);
    }

    @Override
    public boolean catchUp(final Map<Integer, Long> from, final Applier apply, final BooleanSupplier stopping,
                           final Hanging hanging) {
        if (partitions == 0) {
            partitions = topics.partitions(topic);
            reader.assignFromBeginning(topic, partitions);
            from.forEach(reader::seek);
        }
        final var target = new HashMap<Integer, Long>();
        for (int p = 0; p < partitions; p++) {
            target.put(p, topics.end(topic, p));
        }
        while (target.entrySet().stream().anyMatch(end -> reader.position(end.getKey()) < end.getValue())) {
            if (stopping.getAsBoolean()) {
                return false;
            }
            applied(reader.poll(POLL), apply);
        }
        return true;
    }

    @Override
    public void advance(final Applier apply, final Duration budget) {
        if (following()) {
            applied(reader.poll(Duration.ZERO), apply);
        }
    }

    private void applied(final List<ConsumerRecord<byte[], byte[]>> records, final Applier apply) {
        final var positions = new HashMap<Integer, Long>();
        for (int p = 0; p < partitions; p++) {
            positions.put(p, reader.position(p));
        }
        apply.apply(records, positions).forEach(reader::seek);
    }

    @Override
    public boolean following() {
        return partitions > 0;
    }

    @Override
    public void skipTo(final Map<Integer, Long> positions) {
        positions.forEach((partition, at) -> {
            if (at > reader.position(partition)) {
                reader.seek(partition, at);
            }
        });
    }

    @Override
    public void close() {
        reader.close(Duration.ZERO);
    }
}
