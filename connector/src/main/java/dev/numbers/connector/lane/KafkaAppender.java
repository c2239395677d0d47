package dev.numbers.connector.lane;

import java.time.Duration;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** {@link Appender} on a Kafka producer without a transactional id: each call is the producer's own. */
public final class KafkaAppender implements Appender {

    private final Producer<byte[], byte[]> producer;

    public KafkaAppender(final Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    @Override
    public Future<Transactions.Appended> append(final ProducerRecord<byte[], byte[]> record) {
        return new Landed(producer.send(record));
    }

    @Override
    public void close(final Duration wait) {
        producer.close(wait);
    }
}
