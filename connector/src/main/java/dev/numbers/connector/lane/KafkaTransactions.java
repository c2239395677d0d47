package dev.numbers.connector.lane;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

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

    /** The send's metadata as an {@link Appended}, without a thread of its own. */
    private record Landed(Future<RecordMetadata> sent) implements Future<Appended> {

        @Override
        public boolean cancel(final boolean mayInterruptIfRunning) {
            return sent.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return sent.isCancelled();
        }

        @Override
        public boolean isDone() {
            return sent.isDone();
        }

        @Override
        public Appended get() throws InterruptedException, ExecutionException {
            return of(sent.get());
        }

        @Override
        public Appended get(final long timeout, final TimeUnit unit) throws InterruptedException, ExecutionException,
                TimeoutException {
            return of(sent.get(timeout, unit));
        }

        private static Appended of(final RecordMetadata metadata) {
            return new Appended(metadata.partition(), metadata.offset());
        }
    }
}
