package dev.numbers.connector.ledger;

import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentSource;
import dev.numbers.schemas.avro.IntentState;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import dev.numbers.connector.observe.RequestTracing;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's memory of every request_id, kept on the compacted intents topic and mirrored here (the mirror
 * holds states and positions, not results: see {@link LedgerEntry.StoredResult}).
 *
 * <p>STARTED is written by a plain idempotent producer and acknowledged (acks=all) before the provider is called;
 * COMPLETED travels in the result's transaction. The mirror holds what Kafka holds (read at start-up and at every
 * partition assignment, see {@link #catchUp}) plus what this process finished but has not committed yet
 * ({@code pending}), so a duplicate request_id running right behind its original is answered, not executed.
 */
public final class IntentLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IntentLedger.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final String topic;
    private final Producer<byte[], byte[]> starts;
    private final Serializer<Intent> serializer;
    private final Deserializer<Intent> deserializer;
    private final IntentReader reader;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, LedgerEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, LedgerEntry.Completed> pending = new ConcurrentHashMap<>();

    IntentLedger(final String topic, final Producer<byte[], byte[]> starts, final Serializer<Intent> serializer,
                 final Deserializer<Intent> deserializer, final IntentReader reader, final MeterRegistry meters,
                 final Clock clock) {
        this.topic = topic;
        this.starts = starts;
        this.serializer = serializer;
        this.deserializer = deserializer;
        this.reader = reader;
        this.meters = meters;
        this.clock = clock;
        meters.gaugeMapSize("connector.ledger.entries", java.util.List.of(), entries);
    }

    public Optional<LedgerEntry> lookup(final String requestId) {
        final LedgerEntry finished = pending.get(requestId);
        return Optional.ofNullable(finished != null ? finished : entries.get(requestId));
    }

    /**
     * Writes STARTED and waits for the broker's acknowledgement; retried until it lands, because calling the
     * provider without it would leave a purchase nobody can find after a crash. False only when stopping first.
     */
    public boolean started(final NumberRequest request, final int attempt, final Instant since,
                           final BooleanSupplier stopping) {
        return started(request, attempt, since, null, stopping);
    }

    /** STARTED naming the search-and-purchase candidate about to be bought; same guarantees as above. */
    public boolean started(final NumberRequest request, final int attempt, final Instant since, final String candidate,
                           final BooleanSupplier stopping) {
        final var intent = Intent.newBuilder()
                .setRequestId(request.getRequestId())
                .setState(IntentState.STARTED)
                .setRequest(request)
                .setUpdatedAt(clock.instant())
                .setResult(null)
                .setAttempt(attempt)
                .setSource(null)
                .setCandidate(candidate)
                .build();
        while (true) {
            try {
                final var value = serializer.serialize(topic, intent);
                starts.send(RequestTracing.traced(new ProducerRecord<>(topic, key(request.getRequestId()), value)))
                        .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                entries.merge(request.getRequestId(), new LedgerEntry.Started(attempt, since, candidate),
                        IntentLedger::latest);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                meters.counter("connector.ledger.write.failures").increment();
                LOG.warn("cannot record intent STARTED for request {} yet ({}); the provider is not called until"
                        + " it is recorded", request.getRequestId(), rootMessage(e));
                if (stopping.getAsBoolean() || !pause()) {
                    return false;
                }
            }
        }
    }

    /**
     * The COMPLETED intent for the result's transaction. From now on a duplicate of this request_id is answered
     * with this result; {@link #committed} or {@link #discarded} settles it once the transaction is decided.
     * Throws when the intent cannot be serialized (registry down); the caller retries.
     */
    public ProducerRecord<byte[], byte[]> completed(final NumberRequest request, final NumberResult result,
                                                    final int attempt, final RecordRef source) {
        final var intent = Intent.newBuilder()
                .setRequestId(request.getRequestId())
                .setState(IntentState.COMPLETED)
                .setRequest(withoutNumberLists(request))
                .setUpdatedAt(clock.instant())
                .setResult(result)
                .setAttempt(attempt)
                .setSource(IntentSource.newBuilder().setTopic(source.topic()).setPartition(source.partition())
                        .setOffset(source.offset()).build())
                .build();
        final var record = RequestTracing.traced(
                new ProducerRecord<>(topic, key(request.getRequestId()), serializer.serialize(topic, intent)));
        pending.put(request.getRequestId(), new LedgerEntry.Completed(attempt, Optional.of(source),
                new LedgerEntry.StoredResult.Held(result)));
        return record;
    }

    /**
     * The request as a COMPLETED intent keeps it: without its phone-number lists. Nothing reads them back (the
     * stored result answers duplicates), and keeping them would store a large order twice next to its result.
     */
    private static NumberRequest withoutNumberLists(final NumberRequest request) {
        final Object slim = switch (request.getOperation()) {
            case dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder o ->
                    dev.numbers.schemas.avro.SignalWireCreateAssignmentOrder.newBuilder(o)
                            .setPhoneNumbers(java.util.List.of()).build();
            case dev.numbers.schemas.avro.TelnyxCreateNumberOrder t ->
                    dev.numbers.schemas.avro.TelnyxCreateNumberOrder.newBuilder(t)
                            .setPhoneNumbers(java.util.List.of()).build();
            case null, default -> request.getOperation();
        };
        return slim == request.getOperation() ? request
                : NumberRequest.newBuilder(request).setOperation(slim).build();
    }

    /**
     * The transaction holding these COMPLETED intents is committed; {@code written} maps each request_id to where
     * its intent landed, which is all the mirror keeps from now on.
     */
    public void committed(final Map<String, org.apache.kafka.clients.producer.RecordMetadata> written) {
        written.forEach((id, where) -> {
            final var done = pending.remove(id);
            if (done != null) {
                entries.put(id, new LedgerEntry.Completed(done.attempt(), done.source(),
                        new LedgerEntry.StoredResult.InTopic(where.partition(), where.offset())));
            }
        });
    }

    /** The stored result of a completed request; read back from the intents topic once it left memory. */
    public NumberResult result(final LedgerEntry.Completed done) {
        return switch (done.result()) {
            case LedgerEntry.StoredResult.Held held -> held.result();
            case LedgerEntry.StoredResult.InTopic at -> {
                final var record = reader.fetch(at.partition(), at.offset()).orElseThrow(() ->
                        new IllegalStateException("the COMPLETED intent at " + topic + "-" + at.partition() + "@"
                                + at.offset() + " is gone (was the intents topic deleted or truncated?)"));
                yield deserializer.deserialize(record.topic(), record.headers(), record.value()).getResult();
            }
        };
    }

    /** These requests' results will not be published by this process (their partition moved elsewhere). */
    public void discarded(final Collection<String> requestIds) {
        requestIds.forEach(pending::remove);
    }

    /**
     * Reads what other processes (or this one before a crash) wrote since the last catch-up. Must finish before
     * records of newly assigned partitions run. False when stopping first.
     */
    public boolean catchUp(final BooleanSupplier stopping) {
        try {
            return reader.catchUp(this::apply, stopping);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void apply(final ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        final var id = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            entries.remove(id);
            return;
        }
        final Intent intent;
        try {
            intent = deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException unreadable) {
            // Unknown is treated as "may have run": the worst case is one lookup too many, never a second purchase.
            LOG.error("intent {}@{} for request {} cannot be read ({}); treating the request as possibly started",
                    record.partition(), record.offset(), id, unreadable.toString());
            entries.merge(id, new LedgerEntry.Started(0, Instant.ofEpochMilli(record.timestamp())),
                    IntentLedger::latest);
            return;
        }
        final LedgerEntry entry = switch (intent.getState()) {
            case STARTED -> new LedgerEntry.Started(intent.getAttempt(), intent.getUpdatedAt(),
                    intent.getCandidate() == null ? null : intent.getCandidate().toString());
            // Interned: millions of entries name the same few request topics.
            case COMPLETED -> new LedgerEntry.Completed(intent.getAttempt(),
                    Optional.ofNullable(intent.getSource()).map(s -> new RecordRef(s.getTopic().toString().intern(),
                            s.getPartition(), s.getOffset())),
                    new LedgerEntry.StoredResult.InTopic(record.partition(), record.offset()));
        };
        entries.merge(id, entry, IntentLedger::latest);
    }

    /**
     * A COMPLETED entry is final: an older STARTED read later (catch-up re-reading this process's own writes) must
     * not reopen it. Between two STARTED entries the first start time is kept, since lookups search from there.
     */
    private static LedgerEntry latest(final LedgerEntry known, final LedgerEntry incoming) {
        return switch (incoming) {
            case LedgerEntry.Completed completed -> completed;
            case LedgerEntry.Started started -> switch (known) {
                case LedgerEntry.Completed completed -> completed;
                // The latest candidate named is the one that may have been bought.
                case LedgerEntry.Started earlier -> new LedgerEntry.Started(
                        Math.max(earlier.attempt(), started.attempt()),
                        earlier.since().isBefore(started.since()) ? earlier.since() : started.since(),
                        started.candidate() != null ? started.candidate() : earlier.candidate());
            };
        };
    }

    private static byte[] key(final String requestId) {
        return requestId.getBytes(StandardCharsets.UTF_8);
    }

    private static String rootMessage(final Throwable e) {
        var cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static boolean pause() {
        try {
            Thread.sleep(RETRY_PAUSE);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        starts.close(Duration.ofSeconds(5));
        reader.close();
    }
}
