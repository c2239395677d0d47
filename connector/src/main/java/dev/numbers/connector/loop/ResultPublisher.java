package dev.numbers.connector.loop;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Publishes results (and, in issue 5, intent COMPLETED) with the consumer offsets in one Kafka transaction, so a
 * crash either shows the result and moves the offset, or does neither.
 */
public final class ResultPublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;

    public ResultPublisher(final Producer<byte[], byte[]> producer) {
        this.producer = producer;
        producer.initTransactions();
    }

    /** Throws when the transaction could not be committed; the caller's state is then not advanced. */
    public void publish(final List<ProducerRecord<byte[], byte[]>> records,
                        final Map<TopicPartition, OffsetAndMetadata> offsets, final ConsumerGroupMetadata group) {
        producer.beginTransaction();
        try {
            records.forEach(producer::send);
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, group);
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException fatal) {
            throw fatal;
        } catch (RuntimeException e) {
            producer.abortTransaction();
            throw e;
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
