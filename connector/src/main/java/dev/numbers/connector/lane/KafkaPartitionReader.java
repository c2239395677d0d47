package dev.numbers.connector.lane;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** {@link PartitionReader} on a Kafka consumer without a group, read_committed or not as it was configured. */
public final class KafkaPartitionReader implements PartitionReader {

    private final Consumer<byte[], byte[]> consumer;
    private String topic;

    public KafkaPartitionReader(final Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    @Override
    public void assignFromBeginning(final String name, final int partitions) {
        this.topic = name;
        final var assigned = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(name, p)).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
    }

    @Override
    public int assignSince(final String name, final Instant since) {
        this.topic = name;
        final var partitions = new HashSet<TopicPartition>();
        consumer.partitionsFor(name).forEach(info -> partitions.add(new TopicPartition(name, info.partition())));
        consumer.assign(partitions);
        final var times = new HashMap<TopicPartition, Long>();
        partitions.forEach(p -> times.put(p, since.toEpochMilli()));
        final var found = consumer.offsetsForTimes(times);
        final var atEnd = new HashSet<TopicPartition>();
        for (final var partition : partitions) {
            final var at = found.get(partition);
            if (at == null) {
                atEnd.add(partition);
            } else {
                consumer.seek(partition, at.offset());
            }
        }
        // Only when there are such: given no partitions, seekToEnd moves every assigned one to its end.
        if (!atEnd.isEmpty()) {
            consumer.seekToEnd(atEnd);
        }
        return partitions.size();
    }

    @Override
    public List<ConsumerRecord<byte[], byte[]>> poll(final Duration timeout) {
        final var read = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        consumer.poll(timeout).forEach(read::add);
        return read;
    }

    @Override
    public void seek(final int partition, final long offset) {
        consumer.seek(new TopicPartition(topic, partition), offset);
    }

    @Override
    public long position(final int partition) {
        return consumer.position(new TopicPartition(topic, partition));
    }

    @Override
    public void pause(final Collection<Integer> partitions) {
        consumer.pause(of(partitions));
    }

    @Override
    public void resume(final Collection<Integer> partitions) {
        consumer.resume(of(partitions));
    }

    private List<TopicPartition> of(final Collection<Integer> partitions) {
        return partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close(final Duration wait) {
        consumer.close(CloseOptions.timeout(wait));
    }
}
