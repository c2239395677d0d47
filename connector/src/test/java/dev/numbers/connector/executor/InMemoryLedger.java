package dev.numbers.connector.executor;

import dev.numbers.connector.ledger.LedgerEntry;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The intent ledger as a map: entries by request_id, a COMPLETED becoming visible only when the transaction carrying
 * its record commits ({@link #commit}), like the Kafka-backed ledger reading its own committed intents.
 */
final class InMemoryLedger implements LedgerView {

    private final Map<String, LedgerEntry> entries = new ConcurrentHashMap<>();
    private final Map<ProducerRecord<byte[], byte[]>, LedgerEntry.Completed> written =
            Collections.synchronizedMap(new IdentityHashMap<>());
    private final Duration dedupeWindow;
    private final Clock clock;

    InMemoryLedger(final Duration dedupeWindow, final Clock clock) {
        this.dedupeWindow = dedupeWindow;
        this.clock = clock;
    }

    @Override
    public Optional<LedgerEntry> lookup(final String requestId) {
        return Optional.ofNullable(entries.get(requestId));
    }

    @Override
    public boolean stale(final NumberRequest request) {
        return request.getRequestedAt().isBefore(clock.instant().minus(dedupeWindow));
    }

    @Override
    public NumberResult result(final LedgerEntry.Completed done) {
        return switch (done.result()) {
            case LedgerEntry.StoredResult.Held held -> held.result();
            case LedgerEntry.StoredResult.Unpublished unpublished -> unpublished.result();
            case LedgerEntry.StoredResult.InTopic at -> throw new IllegalStateException("no topic here");
        };
    }

    @Override
    public ProducerRecord<byte[], byte[]> completed(final NumberRequest request, final NumberResult result,
                                                    final int attempt, final RecordRef source,
                                                    final List<ProducerRecord<byte[], byte[]>> settlements) {
        return Avro.completed(written, request, result, attempt, source);
    }

    @Override
    public void forget(final String requestId) {
        entries.computeIfPresent(requestId, (id, known) -> known instanceof LedgerEntry.Completed done
                && done.result() instanceof LedgerEntry.StoredResult.Unpublished ? null : known);
    }

    /** A STARTED written by a claim (or a recorded candidate). */
    void started(final String requestId, final LedgerEntry.Started started) {
        entries.compute(requestId, (id, known) -> known instanceof LedgerEntry.Completed ? known : started);
    }

    /** The transaction carrying {@code outputs} committed: a run's COMPLETED is now what the ledger knows. */
    void commit(final Outputs outputs) {
        if (outputs instanceof Outputs.Ran ran) {
            final var done = written.remove(ran.completed());
            entries.put(new String(ran.completed().key(), StandardCharsets.UTF_8), done);
        }
    }

    /**
     * A run of {@code source} finished here and its transaction never came (its partition moved before it), as the
     * Kafka ledger keeps it until the orphaned completion is dropped.
     */
    void finishedUnpublished(final String requestId, final NumberResult result, final RecordRef source,
                             final List<ProducerRecord<byte[], byte[]>> settlements) {
        entries.put(requestId, new LedgerEntry.Completed(1, Optional.of(source),
                new LedgerEntry.StoredResult.Unpublished(result, settlements), result.getFinishedAt()));
    }

    /** Another run's COMPLETED, read from the intents topic. */
    void completedElsewhere(final String requestId, final NumberResult result, final RecordRef source) {
        entries.put(requestId, new LedgerEntry.Completed(1, Optional.of(source),
                new LedgerEntry.StoredResult.Held(result), result.getFinishedAt()));
    }
}
