package dev.numbers.connector.loop;

import dev.numbers.connector.concurrency.RequestSlots;
import dev.numbers.connector.ledger.IntentLedger;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.connector.config.TopicsConfig;
import dev.numbers.connector.observe.RequestTracing;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.serde.RegistryUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread. It alone touches the consumer and the producer: it decodes, hands each request to a virtual
 * thread chained behind the previous request with the same key and the same request_id (same key in order,
 * different keys concurrently, never two runs of one request_id at once), and publishes finished results with
 * their COMPLETED intents and the offsets below the lowest unfinished record in one transaction. Before records of
 * newly assigned partitions run, the intent ledger is caught up, so a request a crashed run left STARTED is
 * looked up at the provider instead of being bought again. Every dispatched record carries its partition's
 * assignment epoch ({@link PartitionEpochs}): revoking the partition cancels its queued and running work, and a
 * completion of an older epoch is dropped, since the partition's next owner answers the record.
 *
 * <p>Over 300 lines, knowingly: poll/decode, dispatch, partition progress and transactional publishing are to be
 * split into their own classes by the loop-architecture issue; until then the per-request path lives in
 * {@link RequestHandler} and only the poll thread's bookkeeping stays here, so parallel changes to the loop merge.
 */
public final class RequestLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLoop.class);
    /** Finished results wait for the next turn of the loop to be published: a short poll keeps that wait short. */
    private static final Duration POLL = Duration.ofMillis(20);

    private final Consumer<byte[], byte[]> consumer;
    private final ResultPublisher publisher;
    private final Deserializer<NumberRequest> requests;
    private final RequestHandler handler;
    private final IntentLedger ledger;
    private final LoopHealth health;
    private final PartitionBackoff backoff;
    private final Duration maxBackoff;
    private final TopicsConfig topics;
    private final RequestSlots slots;
    private final Duration shutdownGrace;
    private final MeterRegistry meters;
    private final RequestTracing tracing;
    private final PartitionAges ages;
    @SuppressWarnings("checkstyle:inlineQualifiedName") // Kafka's Consumer is imported
    private final java.util.function.Consumer<Set<TopicPartition>> ownedChanged;

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final PartitionEpochs epochs = new PartitionEpochs();
    private final Map<ByteBuffer, CompletableFuture<Void>> keyTails = new HashMap<>();
    private final Map<String, CompletableFuture<Void>> idTails = new HashMap<>();
    private final ConcurrentLinkedQueue<Completion> completed = new ConcurrentLinkedQueue<>();
    private final List<Completion> unpublished = new ArrayList<>();
    private volatile boolean stopping;
    private boolean ledgerBehind = true;
    private volatile Instant lastPoll = Instant.now();
    private Duration publishWait = Duration.ZERO;
    private Instant nextPublish = Instant.MIN;

    @SuppressWarnings("checkstyle:inlineQualifiedName")
    public RequestLoop(final Consumer<byte[], byte[]> consumer, final ResultPublisher publisher,
                       final Deserializer<NumberRequest> requests, final RequestHandler handler,
                       final IntentLedger ledger, final TopicsConfig topics, final RequestSlots slots,
                       final LoopHealth health, final HealthConfig healthConfig,
                       final Duration shutdownGrace, final MeterRegistry meters, final RequestTracing tracing,
                       final java.util.function.Consumer<Set<TopicPartition>> ownedChanged) {
        this.ownedChanged = ownedChanged;
        this.consumer = consumer;
        this.publisher = publisher;
        this.requests = requests;
        this.handler = handler;
        this.ledger = ledger;
        this.health = health;
        this.maxBackoff = healthConfig.maxBackoff();
        this.backoff = new PartitionBackoff(healthConfig.maxBackoff());
        this.topics = topics;
        this.slots = slots;
        this.shutdownGrace = shutdownGrace;
        this.meters = meters;
        this.tracing = tracing;
        this.ages = new PartitionAges(meters);
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
                    } else {
                        ledger.advance();
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
            // A static member would otherwise keep its partitions until the session times out; leaving hands them over
            // now.
            consumer.close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
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
                // Not the record's fault: read it again after a rest instead of dead-lettering a good request.
                LOG.warn("schema registry unavailable, will re-read {}@{}: {}", partition, record.offset(),
                        e.getMessage());
                meters.counter("connector.registry.refusals", "status", Integer.toString(e.httpStatus())).increment();
                health.down(LoopHealth.Check.REGISTRY, "schema registry " + (e.httpStatus() == 401
                        || e.httpStatus() == 403 ? "refuses the connector (HTTP " + e.httpStatus() + ")"
                        : "unavailable") + ": " + e.getMessage());
                slots.released(partition, record.offset());
                consumer.seek(partition, record.offset());
                handedBack.add(partition);
                backoff.handBack(partition);
                continue;
            } catch (SerializationException e) {
                LOG.warn("record {}@{} cannot be decoded ({}), sending it to {}", partition, record.offset(),
                        e.getClass().getSimpleName(), topics.dlq());
                meters.counter("connector.dlq", "reason", e.getClass().getSimpleName()).increment();
                progress(partition).started(record.offset());
                completed.add(new Completion(partition, epochs.of(partition), record.offset(), null,
                        List.of(DeadLetters.of(topics.dlq(), record, e)),
                        () -> List.of(DeadLetters.withoutValue(topics.dlq(), record, e))));
                served(partition);
                continue;
            }
            served(partition);
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
        final BooleanSupplier cancelled = () -> stopping || !epochs.holds(partition, epoch);
        final var next = previous.handleAsync((ignored, failure) -> {
            try (var scope = span.makeCurrent()) {
                final var outputs = cancelled.getAsBoolean() ? Optional.<RequestHandler.Outputs>empty()
                        : handler.handle(request, encodedBytes, source, cancelled);
                if (outputs.isPresent()) {
                    completed.add(new Completion(partition, epoch, record.offset(), id, outputs.get().records(),
                            outputs.get().fallback()));
                } else if (!stopping) {
                    // Cancelled by a revocation: an empty completion of the old epoch frees its slot and is dropped.
                    meters.counter("connector.requests.cancelled").increment();
                    completed.add(new Completion(partition, epoch, record.offset(), id, List.of(), List::of));
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
                completed.add(new Completion(partition, epoch, record.offset(), id, List.of(), List::of));
            }
        });
    }

    /** Partitions that left this member no longer wait for the registry here. */
    private void forgetHandedBack(final Collection<TopicPartition> partitions) {
        backoff.forget(partitions);
        if (!backoff.anyHandedBack()) {
            health.up(LoopHealth.Check.REGISTRY);
        }
    }

    /** A record of the partition decoded: a hand-back it was resting from is over. */
    private void served(final TopicPartition partition) {
        if (backoff.anyHandedBack()) {
            backoff.served(partition);
            if (!backoff.anyHandedBack()) {
                health.up(LoopHealth.Check.REGISTRY);
            }
        }
    }

    private void applyBackpressure() {
        final var assignment = consumer.assignment();
        final var resting = backoff.resting();
        if (slots.full()) {
            consumer.pause(assignment);
        } else {
            final var ready = consumer.paused().stream().filter(p -> !resting.contains(p)).toList();
            if (!ready.isEmpty()) {
                consumer.resume(ready);
            }
            final var toRest = resting.stream().filter(assignment::contains).toList();
            if (!toRest.isEmpty()) {
                consumer.pause(toRest);
            }
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
        // A partition revoked or lost while its record ran is another member's now (or ours again at a later epoch,
        // after another member may have answered it); it runs the record again, and our result would be a second one.
        final var orphans = unpublished.stream().filter(done -> !progress.containsKey(done.partition())
                || !epochs.holds(done.partition(), done.epoch())).toList();
        if (!orphans.isEmpty()) {
            unpublished.removeAll(orphans);
            orphans.forEach(done -> slots.released(done.partition(), done.offset()));
            ledger.discarded(requestIds(orphans));
            LOG.info("dropped {} finished result(s) of partitions this member no longer owns", orphans.size());
            if (unpublished.isEmpty()) {
                // What kept aborting is another member's now; nothing here is stuck any more.
                health.committed();
            }
        }
        if (unpublished.isEmpty() || Instant.now().isBefore(nextPublish)) {
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
        final List<RecordMetadata> landed;
        try {
            landed = publisher.publish(outputs, offsets, consumer.groupMetadata());
        } catch (KafkaException aborted) {
            // Nothing of it is visible and no offset moved; the same results go in the next transaction, after a
            // pause that grows while the aborts go on (the publisher already replaced a producer that cannot go on).
            final int inARow = health.aborted(String.valueOf(aborted.getCause() != null ? aborted.getCause()
                    : aborted));
            publishWait = Backoff.next(publishWait.isZero() ? Duration.ofMillis(50) : publishWait, maxBackoff);
            nextPublish = Instant.now().plus(publishWait);
            LOG.warn("result transaction aborted ({} in a row), retrying in {} ms: {}", inARow, publishWait.toMillis(),
                    aborted.toString());
            if (aborted instanceof ResultPublisher.Aborted refused && !refused.tooLarge().isEmpty()) {
                shrink(outputs, refused.tooLarge());
            }
            return;
        }
        health.committed();
        publishWait = Duration.ZERO;
        nextPublish = Instant.MIN;
        offsets.forEach((partition, offset) -> progress.get(partition).committed(offset.offset()));
        final var intents = new HashMap<String, RecordMetadata>();
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).topic().equals(topics.intents())) {
                intents.put(new String(outputs.get(i).key(), StandardCharsets.UTF_8), landed.get(i));
            }
        }
        ledger.committed(intents);
        unpublished.forEach(this::giveBack);
        unpublished.clear();
    }

    /** The completions owning the refused records publish their compact fallback in the next transaction. */
    private void shrink(final List<ProducerRecord<byte[], byte[]>> outputs, final Set<Integer> refused) {
        final var refusedRecords = refused.stream().map(outputs::get).collect(Collectors.toSet());
        for (int i = 0; i < unpublished.size(); i++) {
            final var done = unpublished.get(i);
            if (done.outputs().stream().anyMatch(refusedRecords::contains)) {
                LOG.warn("Kafka refused the output of {}@{} as too large; publishing its compact form instead",
                        done.partition(), done.offset());
                meters.counter("connector.results.refused_too_large").increment();
                unpublished.set(i, done.shrunk());
            }
        }
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
        return completions.stream().map(Completion::requestId).filter(Objects::nonNull).toList();
    }

    private PartitionProgress progress(final TopicPartition partition) {
        return progress.computeIfAbsent(partition, p -> ages.track(p, new PartitionProgress()));
    }

    /** Runs inside poll(): finish what is running (so its offsets are committed by us), then let go. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            drain(shutdownGrace);
            // What still runs for these partitions is cancelled from here on.
            epochs.revoked(partitions);
            partitions.forEach(progress::remove);
            ages.untrack(partitions);
            forgetHandedBack(partitions);
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            // Their requests may have been started by another member or a crashed run: read the ledger first.
            epochs.assigned(partitions);
            if (!partitions.isEmpty()) {
                ledgerBehind = true;
            }
            // Called after every rebalance, even one that assigned nothing here: the rate-limit shares follow it.
            ownedChanged.accept(Set.copyOf(consumer.assignment()));
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions) {
            // Another member owns them now; whatever we publish for them would be fenced anyway.
            epochs.revoked(partitions);
            partitions.forEach(progress::remove);
            ages.untrack(partitions);
            forgetHandedBack(partitions);
            final var kept = new HashSet<>(consumer.assignment());
            kept.removeAll(partitions);
            ownedChanged.accept(Set.copyOf(kept));
        }
    }
}
