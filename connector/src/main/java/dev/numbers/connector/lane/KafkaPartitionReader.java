package dev.numbers.connector.lane;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** {@link PartitionReader} on a Kafka consumer configured read_committed, without a group. */
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
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close(final Duration wait) {
        consumer.close(wait);
    }
}
