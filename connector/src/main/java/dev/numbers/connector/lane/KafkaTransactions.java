package dev.numbers.connector.lane;

import java.time.Duration;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** {@link Transactions} on a Kafka transactional producer: each call is the producer's own. */
public final class KafkaTransactions implements Transactions {

    private final Producer<byte[], byte[]> producer;

    public KafkaTransactions(final Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    @Override
    public void init() {
        producer.initTransactions();
    }

    @Override
    public void begin() {
        producer.beginTransaction();
    }

    @Override
    public Future<Appended> append(final ProducerRecord<byte[], byte[]> record) {
        return new Landed(producer.send(record));
    }

    @Override
    public void commit() {
        producer.commitTransaction();
    }

    @Override
    public void abort() {
        producer.abortTransaction();
    }

    @Override
    public void close(final Duration wait) {
        producer.close(wait);
    }
}
