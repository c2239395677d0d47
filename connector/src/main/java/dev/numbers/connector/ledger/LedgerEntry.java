package dev.numbers.connector.ledger;

import dev.numbers.schemas.avro.NumberResult;
import java.time.Instant;
import java.util.Optional;

/** The latest intent the ledger holds for one request_id. */
public sealed interface LedgerEntry {

    /** An execution began and published nothing yet: it may have reached the provider. */
    record Started(int attempt, Instant since) implements LedgerEntry {
    }

    /** The result is published; {@code source} is the request record it answered (absent on old intents). */
    record Completed(NumberResult result, int attempt, Optional<RecordRef> source) implements LedgerEntry {
    }
}
