package dev.numbers.connector.lane;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;

/** A Kafka send's metadata as a {@link Transactions.Appended}, without a thread of its own. */
record Landed(Future<RecordMetadata> sent) implements Future<Transactions.Appended> {

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
    public Transactions.Appended get() throws InterruptedException, ExecutionException {
        return of(sent.get());
    }

    @Override
    public Transactions.Appended get(final long timeout, final TimeUnit unit) throws InterruptedException,
            ExecutionException, TimeoutException {
        return of(sent.get(timeout, unit));
    }

    private static Transactions.Appended of(final RecordMetadata metadata) {
        return new Transactions.Appended(metadata.partition(), metadata.offset());
    }
}
