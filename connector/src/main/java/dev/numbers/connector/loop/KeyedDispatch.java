package dev.numbers.connector.loop;

import dev.numbers.connector.executor.Outputs;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.connector.observe.RequestTracing;
import dev.numbers.schemas.avro.NumberRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key-ordered dispatch: each request runs on a virtual thread chained behind the previous request with the same
 * key and the same request_id (same key in order, different keys concurrently, never two runs of one request_id at
 * once). Every dispatched record carries its partition's assignment epoch ({@link PartitionEpochs}): revoking the
 * partition cancels its queued and running work, and what a cancelled run leaves is an empty completion of the old
 * epoch, which the publisher drops. Chains are kept by the poll thread only; completions go to {@code finished}.
 */
final class KeyedDispatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedDispatch.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /**
     * The loop's one port into the request path ({@link dev.numbers.connector.executor.RequestPath#handle}): a
     * decoded request to its outputs; empty when nothing may be published.
     */
    @FunctionalInterface
    interface Handler {
        Optional<Outputs> handle(NumberRequest request, int encodedBytes, RecordRef source, BooleanSupplier cancelled);
    }

    private final Handler handler;
    private final PartitionEpochs epochs;
    private final RequestTracing tracing;
    private final MeterRegistry meters;
    private final BooleanSupplier stopping;
    private final Consumer<Completion> finished;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<ByteBuffer, CompletableFuture<Void>> keyTails = new HashMap<>();
    private final Map<String, CompletableFuture<Void>> idTails = new HashMap<>();
    private final AtomicInteger leftAtStop = new AtomicInteger();

    KeyedDispatch(final Handler handler, final PartitionEpochs epochs, final LoopServices services,
                  final BooleanSupplier stopping, final Consumer<Completion> finished) {
        this.handler = handler;
        this.epochs = epochs;
        this.tracing = services.tracing();
        this.meters = services.meters();
        this.stopping = stopping;
        this.finished = finished;
    }

    void chain(final ConsumerRecord<byte[], byte[]> record, final TopicPartition partition,
               final NumberRequest request) {
        final var id = request.getRequestId().toString();
        // Records without a key are ordered by request_id alone, which is what a producer retry would share.
        final var key = record.key() == null ? null : ByteBuffer.wrap(record.key());
        final var afterKey = key == null ? null : keyTails.get(key);
        final var afterId = idTails.get(id);
        final CompletableFuture<Void> previous = afterKey == null && afterId == null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(Stream.of(afterKey, afterId)
                        .filter(Objects::nonNull).toArray(CompletableFuture[]::new));
        final var source = new RecordRef(record.topic(), record.partition(), record.offset());
        final int encodedBytes = record.value() == null ? 0 : record.value().length;
        // The request's trace travels with the work item: current while it runs, so the provider call and the
        // records it writes carry it.
        final var span = tracing.start(record);
        final long epoch = epochs.of(partition);
        // Revoking the partition cancels this work, queued or running: it stops before STARTED and before its next
        // provider call, and whatever it finishes is dropped (the partition's new owner answers the record).
        final BooleanSupplier cancelled = () -> stopping.getAsBoolean() || !epochs.holds(partition, epoch);
        final var next = previous.handleAsync((ignored, failure) -> {
            try (var scope = span.makeCurrent()) {
                final var outputs = cancelled.getAsBoolean() ? Optional.<Outputs>empty()
                        : handler.handle(request, encodedBytes, source, cancelled);
                if (outputs.isPresent()) {
                    finished.accept(new Completion(partition, epoch, record.offset(), id, outputs.get()));
                } else if (!stopping.getAsBoolean()) {
                    // Cancelled by a revocation: an empty completion of the old epoch frees its slot and is dropped.
                    meters.counter("connector.requests.cancelled").increment();
                    finished.accept(Completion.empty(partition, epoch, record.offset(), id));
                } else {
                    // Left at the stop: no completion (its offset must not be committed, the record runs again
                    // after the restart), but it is done here, so the drain need not wait for it.
                    leftAtStop.incrementAndGet();
                }
                return (Void) null;
            } finally {
                span.end();
            }
        }, workers);
        if (key != null) {
            keyTails.put(key, next);
        }
        idTails.put(id, next);
        next.whenComplete((ignored, failure) -> {
            if (failure != null) {
                // Only an Error gets here (the handler answers every exception): free the slot and the offset
                // rather than pin the partition for good.
                LOG.error("request {} could not be completed; its record is given up without a result", id, failure);
                meters.counter("connector.requests.given_up").increment();
                finished.accept(Completion.empty(partition, epoch, record.offset(), id));
            }
        });
    }

    /**
     * Requests that ended without a completion because the connector is stopping: they hold their slot (their offset
     * stays uncommitted) but nothing of theirs runs or waits to be published any more.
     */
    int leftAtStop() {
        return leftAtStop.get();
    }

    /** Chains whose last request finished are forgotten, so the maps hold only what still runs. */
    void prune() {
        keyTails.values().removeIf(CompletableFuture::isDone);
        idTails.values().removeIf(CompletableFuture::isDone);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        // Requests past the drain are interrupted; they are waited for (bounded) so none still reads the ledger
        // when it closes after this.
        try {
            if (!workers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("requests still running {} after the stop; the ledger closes under them", CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
