package dev.numbers.connector.loop;

import dev.numbers.connector.RequestExecutor;
import dev.numbers.connector.config.ConnectorConfig;
import dev.numbers.connector.config.TopicsConfig;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread. It alone touches the consumer and the producer: it decodes, hands each request to a virtual
 * thread chained behind the previous request with the same key (same key in order, different keys concurrently),
 * and publishes finished results together with the offsets below the lowest unfinished record in one transaction.
 */
public final class RequestLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final ResultPublisher publisher;
    private final Deserializer<NumberRequest> requests;
    private final Serializer<NumberResult> results;
    private final RequestExecutor executor;
    private final TopicsConfig topics;
    private final int maxInFlight;
    private final Duration shutdownGrace;
    private final MeterRegistry meters;

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Map<ByteBuffer, CompletableFuture<Void>> tails = new HashMap<>();
    private final ConcurrentLinkedQueue<Completion> completed = new ConcurrentLinkedQueue<>();
    private final List<Completion> unpublished = new ArrayList<>();
    private volatile boolean stopping;
    private volatile Instant lastPoll = Instant.now();
    private int inFlight;

    public RequestLoop(final Consumer<byte[], byte[]> consumer, final ResultPublisher publisher,
                       final Deserializer<NumberRequest> requests, final Serializer<NumberResult> results,
                       final RequestExecutor executor, final TopicsConfig topics, final ConnectorConfig config,
                       final Duration shutdownGrace, final MeterRegistry meters) {
        this.consumer = consumer;
        this.publisher = publisher;
        this.requests = requests;
        this.results = results;
        this.executor = executor;
        this.topics = topics;
        this.maxInFlight = config.maxInFlight();
        this.shutdownGrace = shutdownGrace;
        this.meters = meters;
    }

    /** Asks the loop to stop: no new polls, in-flight requests get the grace period, then a last commit. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    public Instant lastPoll() {
        return lastPoll;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(topics.requests()), new Rebalance());
        try {
            while (!stopping) {
                try {
                    final var records = consumer.poll(POLL);
                    lastPoll = Instant.now();
                    dispatch(records);
                } catch (WakeupException e) {
                    if (!stopping) {
                        throw e;
                    }
                }
                applyBackpressure();
                publish();
            }
            drain(shutdownGrace);
        } catch (RuntimeException fatal) {
            LOG.error("request loop stopped: {}", fatal.toString(), fatal);
            throw fatal;
        } finally {
            workers.shutdownNow();
            publisher.close();
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void dispatch(final Iterable<ConsumerRecord<byte[], byte[]>> records) {
        final Set<TopicPartition> handedBack = new HashSet<>();
        for (final var record : records) {
            final var partition = new TopicPartition(record.topic(), record.partition());
            if (handedBack.contains(partition)) {
                continue;
            }
            if (inFlight >= maxInFlight) {
                // A poll can return more than the free slots: hand the rest back so the bound is strict.
                consumer.seek(partition, record.offset());
                handedBack.add(partition);
                continue;
            }
            final NumberRequest request;
            try {
                request = requests.deserialize(record.topic(), record.headers(), record.value());
                if (request == null) {
                    throw new SerializationException("tombstone: a request record must have a value");
                }
            } catch (RegistryUnavailableException e) {
                // Not the record's fault: read it again later instead of dead-lettering a good request.
                LOG.warn("schema registry unavailable, will re-read {}@{}: {}", partition, record.offset(), e.getMessage());
                consumer.seek(partition, record.offset());
                handedBack.add(partition);
                continue;
            } catch (SerializationException e) {
                LOG.warn("record {}@{} cannot be decoded ({}), sending it to {}", partition, record.offset(),
                        e.getClass().getSimpleName(), topics.dlq());
                meters.counter("connector.dlq", "reason", e.getClass().getSimpleName()).increment();
                progress(partition).started(record.offset());
                inFlight++;
                completed.add(new Completion(partition, record.offset(), DeadLetters.of(topics.dlq(), record, e)));
                continue;
            }
            progress(partition).started(record.offset());
            inFlight++;
            chain(record, partition, request);
        }
    }

    private void chain(final ConsumerRecord<byte[], byte[]> record, final TopicPartition partition,
                       final NumberRequest request) {
        // Records without a key are ordered by request_id, which is what a producer retry would share.
        final var key = ByteBuffer.wrap(record.key() != null ? record.key()
                : request.getRequestId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        final var previous = tails.getOrDefault(key, CompletableFuture.completedFuture(null));
        final var next = previous.thenRunAsync(() -> executor.execute(request, () -> stopping).ifPresent(result ->
                serialized(result).ifPresent(value -> completed.add(new Completion(partition, record.offset(),
                        new ProducerRecord<>(topics.results(), null,
                                request.getRequestId().getBytes(java.nio.charset.StandardCharsets.UTF_8), value))))),
                workers);
        tails.put(key, next);
        next.whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.error("request {} could not be completed; it stays unfinished and is retried after a restart",
                        request.getRequestId(), failure);
            }
        });
    }

    /**
     * The provider call is done, so the result must not be dropped: a registry outage is waited out (the record
     * stays unfinished meanwhile). Empty only when the connector stops first; the request then runs again.
     */
    private java.util.Optional<byte[]> serialized(final NumberResult result) {
        while (true) {
            try {
                return java.util.Optional.of(results.serialize(topics.results(), result));
            } catch (RuntimeException e) {
                LOG.error("result of request {} cannot be serialized yet ({}); retrying", result.getRequestId(),
                        e.toString());
                if (stopping) {
                    return java.util.Optional.empty();
                }
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return java.util.Optional.empty();
                }
            }
        }
    }

    private void applyBackpressure() {
        final var assignment = consumer.assignment();
        if (inFlight >= maxInFlight) {
            consumer.pause(assignment);
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        tails.values().removeIf(CompletableFuture::isDone);
    }

    /** One transaction: every finished result or DLQ copy, then the offsets they free. */
    private void publish() {
        Completion completion;
        while ((completion = completed.poll()) != null) {
            unpublished.add(completion);
        }
        if (unpublished.isEmpty()) {
            return;
        }
        final var offsets = new HashMap<TopicPartition, OffsetAndMetadata>();
        for (final var done : unpublished) {
            final var partition = progress.get(done.partition());
            if (partition != null) {
                partition.finished(done.offset());
            }
        }
        progress.forEach((partition, state) -> {
            final long offset = state.committable();
            if (offset >= 0) {
                offsets.put(partition, new OffsetAndMetadata(offset));
            }
        });
        try {
            publisher.publish(unpublished.stream().map(Completion::output).toList(), offsets, consumer.groupMetadata());
        } catch (org.apache.kafka.common.errors.ProducerFencedException
                 | org.apache.kafka.common.errors.OutOfOrderSequenceException
                 | org.apache.kafka.common.errors.AuthorizationException fatal) {
            throw fatal;
        } catch (org.apache.kafka.common.KafkaException transientFailure) {
            // Aborted: nothing of it is visible and no offset moved; the same results go in the next transaction.
            LOG.warn("result transaction aborted, retrying: {}", transientFailure.toString());
            return;
        }
        offsets.forEach((partition, offset) -> progress.get(partition).committed(offset.offset()));
        inFlight -= unpublished.size();
        unpublished.clear();
    }

    /** Waits up to {@code grace} for running requests, publishing as they finish; the rest is redelivered later. */
    private void drain(final Duration grace) {
        final long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight > 0 && System.nanoTime() < deadline) {
            publish();
            if (inFlight > 0) {
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        publish();
        if (inFlight > 0) {
            LOG.warn("{} request(s) still running at shutdown; their offsets are not committed", inFlight);
        }
    }

    private PartitionProgress progress(final TopicPartition partition) {
        return progress.computeIfAbsent(partition, p -> new PartitionProgress());
    }

    /** Runs inside poll(): finish what is running (so its offsets are committed by us), then let go. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            drain(shutdownGrace);
            partitions.forEach(progress::remove);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions) {
            // Another member owns them now; whatever we publish for them would be fenced anyway.
            partitions.forEach(progress::remove);
        }
    }
}
