package dev.numbers.connector.loop;

import dev.numbers.connector.concurrency.RequestSlots;
import dev.numbers.connector.ledger.Execution;
import dev.numbers.connector.ledger.IntentLedger;
import dev.numbers.connector.ledger.LedgerGate;
import dev.numbers.connector.ledger.RecordRef;
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
 * thread chained behind the previous request with the same key and the same request_id (same key in order,
 * different keys concurrently, never two runs of one request_id at once), and publishes finished results with
 * their COMPLETED intents and the offsets below the lowest unfinished record in one transaction. Before records of
 * newly assigned partitions run, the intent ledger is caught up, so a request a crashed run left STARTED is
 * looked up at the provider instead of being bought again.
 */
public final class RequestLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLoop.class);
    /** Finished results wait for the next turn of the loop to be published: a short poll keeps that wait short. */
    private static final Duration POLL = Duration.ofMillis(20);

    private final Consumer<byte[], byte[]> consumer;
    private final ResultPublisher publisher;
    private final Deserializer<NumberRequest> requests;
    private final Serializer<NumberResult> results;
    private final LedgerGate gate;
    private final IntentLedger ledger;
    private final TopicsConfig topics;
    private final RequestSlots slots;
    private final Duration shutdownGrace;
    private final MeterRegistry meters;

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Map<ByteBuffer, CompletableFuture<Void>> keyTails = new HashMap<>();
    private final Map<String, CompletableFuture<Void>> idTails = new HashMap<>();
    private final ConcurrentLinkedQueue<Completion> completed = new ConcurrentLinkedQueue<>();
    private final List<Completion> unpublished = new ArrayList<>();
    private volatile boolean stopping;
    private boolean ledgerBehind = true;
    private volatile Instant lastPoll = Instant.now();

    public RequestLoop(final Consumer<byte[], byte[]> consumer, final ResultPublisher publisher,
                       final Deserializer<NumberRequest> requests, final Serializer<NumberResult> results,
                       final LedgerGate gate, final IntentLedger ledger, final TopicsConfig topics,
                       final RequestSlots slots,
                       final Duration shutdownGrace, final MeterRegistry meters) {
        this.consumer = consumer;
        this.publisher = publisher;
        this.requests = requests;
        this.results = results;
        this.gate = gate;
        this.ledger = ledger;
        this.topics = topics;
        this.slots = slots;
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
                    if (ledgerBehind) {
                        if (!ledger.catchUp(() -> stopping)) {
                            break;
                        }
                        ledgerBehind = false;
                    }
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
            ledger.close();
            // A static member would otherwise keep its partitions until the session times out; leaving hands them over now.
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.groupMembershipOperation(
                    org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        }
    }

    private void dispatch(final Iterable<ConsumerRecord<byte[], byte[]>> records) {
        final Set<TopicPartition> handedBack = new HashSet<>();
        for (final var record : records) {
            final var partition = new TopicPartition(record.topic(), record.partition());
            if (handedBack.contains(partition)) {
                continue;
            }
            if (!slots.tryTake(partition, record.offset())) {
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
                slots.released(partition, record.offset());
                consumer.seek(partition, record.offset());
                handedBack.add(partition);
                continue;
            } catch (SerializationException e) {
                LOG.warn("record {}@{} cannot be decoded ({}), sending it to {}", partition, record.offset(),
                        e.getClass().getSimpleName(), topics.dlq());
                meters.counter("connector.dlq", "reason", e.getClass().getSimpleName()).increment();
                progress(partition).started(record.offset());
                completed.add(new Completion(partition, record.offset(), null,
                        List.of(DeadLetters.of(topics.dlq(), record, e))));
                continue;
            }
            progress(partition).started(record.offset());
            chain(record, partition, request);
        }
    }

    private void chain(final ConsumerRecord<byte[], byte[]> record, final TopicPartition partition,
                       final NumberRequest request) {
        final var id = request.getRequestId().toString();
        // Records without a key are ordered by request_id alone, which is what a producer retry would share.
        final var key = record.key() == null ? null : ByteBuffer.wrap(record.key());
        final var afterKey = key == null ? null : keyTails.get(key);
        final var afterId = idTails.get(id);
        final CompletableFuture<Void> previous = afterKey == null && afterId == null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(java.util.stream.Stream.of(afterKey, afterId)
                        .filter(java.util.Objects::nonNull).toArray(CompletableFuture[]::new));
        final var source = new RecordRef(record.topic(), record.partition(), record.offset());
        final var next = previous.handleAsync((ignored, failure) -> {
            final var execution = gate.pass(request, source, () -> stopping);
            outputs(request, source, execution).ifPresent(outputs ->
                    completed.add(new Completion(partition, record.offset(), id, outputs)));
            return (Void) null;
        }, workers);
        if (key != null) {
            keyTails.put(key, next);
        }
        idTails.put(id, next);
        next.whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.error("request {} could not be completed; it stays unfinished and is retried after a restart",
                        id, failure);
            }
        });
    }

    /**
     * The records to publish for an execution. The provider call is done, so they must not be dropped: a registry
     * outage while serializing is waited out (the record stays unfinished meanwhile). Empty when nothing may be
     * published: the request was abandoned, or the connector stopped while waiting; the request then runs again.
     */
    private java.util.Optional<List<ProducerRecord<byte[], byte[]>>> outputs(final NumberRequest request,
                                                                             final RecordRef source,
                                                                             final Execution execution) {
        while (true) {
            try {
                return switch (execution) {
                    case Execution.Executed e -> java.util.Optional.of(List.of(result(e.result()),
                            ledger.completed(request, e.result(), e.attempt(), source)));
                    case Execution.Replayed r -> java.util.Optional.of(List.of(result(r.stored())));
                    case Execution.AlreadyAnswered a -> java.util.Optional.of(List.of());
                    case Execution.Abandoned a -> java.util.Optional.empty();
                };
            } catch (RuntimeException e) {
                LOG.error("result of request {} cannot be serialized yet ({}); retrying", request.getRequestId(),
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

    private ProducerRecord<byte[], byte[]> result(final NumberResult result) {
        return new ProducerRecord<>(topics.results(), null,
                result.getRequestId().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                results.serialize(topics.results(), result));
    }

    private void applyBackpressure() {
        final var assignment = consumer.assignment();
        if (slots.full()) {
            consumer.pause(assignment);
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        keyTails.values().removeIf(CompletableFuture::isDone);
        idTails.values().removeIf(CompletableFuture::isDone);
    }

    /** One transaction: every finished result or DLQ copy, then the offsets they free. */
    private void publish() {
        Completion completion;
        while ((completion = completed.poll()) != null) {
            unpublished.add(completion);
        }
        // A partition revoked or lost while its record ran is another member's now; it runs the record again,
        // and our result for it would be a second one.
        final var orphans = unpublished.stream().filter(done -> !progress.containsKey(done.partition())).toList();
        if (!orphans.isEmpty()) {
            unpublished.removeAll(orphans);
            orphans.forEach(done -> slots.released(done.partition(), done.offset()));
            ledger.discarded(requestIds(orphans));
            LOG.info("dropped {} finished result(s) of partitions this member no longer owns", orphans.size());
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
        final var outputs = unpublished.stream().flatMap(done -> done.outputs().stream()).toList();
        final List<org.apache.kafka.clients.producer.RecordMetadata> landed;
        try {
            landed = publisher.publish(outputs, offsets, consumer.groupMetadata());
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
        final var intents = new HashMap<String, org.apache.kafka.clients.producer.RecordMetadata>();
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).topic().equals(topics.intents())) {
                intents.put(new String(outputs.get(i).key(), java.nio.charset.StandardCharsets.UTF_8), landed.get(i));
            }
        }
        ledger.committed(intents);
        unpublished.forEach(this::giveBack);
        unpublished.clear();
    }

    /**
     * A request that ran (it wrote its COMPLETED intent) teaches the in-flight limit how long the provider path takes;
     * a replay from the ledger or a dead-lettered record says nothing about it.
     */
    private void giveBack(final Completion done) {
        if (done.outputs().stream().anyMatch(output -> output.topic().equals(topics.intents()))) {
            slots.finished(done.partition(), done.offset());
        } else {
            slots.released(done.partition(), done.offset());
        }
    }

    /** Waits up to {@code grace} for running requests, publishing as they finish; the rest is redelivered later. */
    private void drain(final Duration grace) {
        final long deadline = System.nanoTime() + grace.toNanos();
        while (slots.inFlight() > 0 && System.nanoTime() < deadline) {
            publish();
            if (slots.inFlight() > 0) {
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        publish();
        if (slots.inFlight() > 0) {
            LOG.warn("{} request(s) still running at shutdown; their offsets are not committed", slots.inFlight());
        }
    }

    private static List<String> requestIds(final List<Completion> completions) {
        return completions.stream().map(Completion::requestId).filter(java.util.Objects::nonNull).toList();
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
            // Their requests may have been started by another member or a crashed run: read the ledger first.
            if (!partitions.isEmpty()) {
                ledgerBehind = true;
            }
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions) {
            // Another member owns them now; whatever we publish for them would be fenced anyway.
            partitions.forEach(progress::remove);
        }
    }
}
