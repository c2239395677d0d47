package dev.numbers.connector.loop;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Publishes results and COMPLETED intents with the consumer offsets in one Kafka transaction, so a crash either
 * shows the result and moves the offset, or does neither.
 */
public final class ResultPublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;

    public ResultPublisher(final Producer<byte[], byte[]> producer) {
        this.producer = producer;
        producer.initTransactions();
    }

    /**
     * Throws when the transaction could not be committed; the caller's state is then not advanced. Otherwise answers
     * where each record landed, in the order given.
     */
    public List<RecordMetadata> publish(final List<ProducerRecord<byte[], byte[]>> records,
                                        final Map<TopicPartition, OffsetAndMetadata> offsets,
                                        final ConsumerGroupMetadata group) {
        producer.beginTransaction();
        try {
            final var sent = records.stream().map(producer::send).toList();
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, group);
            }
            producer.commitTransaction();
            // commitTransaction flushed every send, so these are done.
            return sent.stream().map(ResultPublisher::landed).toList();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException fatal) {
            throw fatal;
        } catch (RuntimeException e) {
            producer.abortTransaction();
            throw e;
        }
    }

    private static RecordMetadata landed(final java.util.concurrent.Future<RecordMetadata> sent) {
        try {
            return sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new org.apache.kafka.common.KafkaException("a record of a committed transaction failed", e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
