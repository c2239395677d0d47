package dev.numbers.connector.executor;

import dev.numbers.connector.ledger.IntentLedger;
import dev.numbers.connector.ledger.LedgerEntry;
import dev.numbers.connector.ledger.RecordRef;
import dev.numbers.schemas.avro.NumberRequest;
import dev.numbers.schemas.avro.NumberResult;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the request path reads from the intent ledger and the COMPLETED record it writes there: the
 * {@link IntentLedger} over Kafka in production ({@link #of}), a map in tests.
 */
public interface LedgerView {

    Optional<LedgerEntry> lookup(String requestId);

    /** Older than the dedupe window. */
    boolean stale(NumberRequest request);

    /** The stored result of a completed request. */
    NumberResult result(LedgerEntry.Completed done);

    /**
     * The COMPLETED intent record of a result, published in the result's transaction with {@code settlements} (the
     * quota records), which the ledger keeps with the completion until that transaction is decided.
     */
    ProducerRecord<byte[], byte[]> completed(NumberRequest request, NumberResult result, int attempt,
                                             RecordRef source, List<ProducerRecord<byte[], byte[]>> settlements);

    /**
     * This process's undecided completion of {@code requestId} will not be published as it is (the record that
     * produced it republishes it under a new claim, or answers from another run's result): forget it.
     */
    void forget(String requestId);

    static LedgerView of(final IntentLedger ledger) {
        return new LedgerView() {
            @Override
            public void forget(final String requestId) {
                ledger.forget(requestId);
            }

            @Override
            public Optional<LedgerEntry> lookup(final String requestId) {
                return ledger.lookup(requestId);
            }

            @Override
            public boolean stale(final NumberRequest request) {
                return ledger.stale(request);
            }

            @Override
            public NumberResult result(final LedgerEntry.Completed done) {
                return ledger.result(done);
            }

            @Override
            public ProducerRecord<byte[], byte[]> completed(final NumberRequest request, final NumberResult result,
                                                            final int attempt, final RecordRef source,
                                                            final List<ProducerRecord<byte[], byte[]>> settlements) {
                return ledger.completed(request, result, attempt, source, settlements);
            }
        };
    }
}
