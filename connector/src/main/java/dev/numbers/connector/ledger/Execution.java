package dev.numbers.connector.ledger;

import dev.numbers.schemas.avro.NumberResult;
import java.util.Optional;

/** What the ledger gate made of one request record, and therefore what the loop publishes for it. */
public sealed interface Execution {

    /** Executed now: publish the result and the COMPLETED intent in one transaction. */
    record Executed(NumberResult result, int attempt) implements Execution {
    }

    /**
     * A producer sent this request_id again (or another claim answered it): publish the stored result again, execute
     * nothing. {@code reseal}: this run wrote a STARTED that may follow the COMPLETED, so the COMPLETED is written
     * again in the same transaction and stays the request_id's latest intent (what compaction keeps).
     */
    record Replayed(NumberResult stored, Optional<Reseal> reseal) implements Execution {
    }

    /** The COMPLETED intent to write again: the answering run's attempt and request record. */
    record Reseal(int attempt, RecordRef source) {
    }

    /** This very record was answered before a restart; only its offset was not committed yet. */
    record AlreadyAnswered() implements Execution {
    }

    /** The connector is stopping before the request could run: it stays unfinished and runs after a restart. */
    record Abandoned() implements Execution {
    }
}
