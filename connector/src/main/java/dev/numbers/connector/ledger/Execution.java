package dev.numbers.connector.ledger;

import dev.numbers.schemas.avro.NumberResult;

/** What the ledger gate made of one request record, and therefore what the loop publishes for it. */
public sealed interface Execution {

    /** Executed now: publish the result and the COMPLETED intent in one transaction. */
    record Executed(NumberResult result, int attempt) implements Execution {
    }

    /**
     * A producer sent this request_id again (or another claim answered it): publish the stored result again, execute
     * nothing. No intent is written: no STARTED of this run can follow the COMPLETED ({@link FencedClaimWriter}).
     */
    record Replayed(NumberResult stored) implements Execution {
    }

    /** This very record was answered before a restart; only its offset was not committed yet. */
    record AlreadyAnswered() implements Execution {
    }

    /** The connector is stopping before the request could run: it stays unfinished and runs after a restart. */
    record Abandoned() implements Execution {
    }
}
