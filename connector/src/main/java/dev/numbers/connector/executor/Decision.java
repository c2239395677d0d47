package dev.numbers.connector.executor;

import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.schemas.avro.NumberResult;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What the ledger says of one request record before anything runs ({@link LedgerGate#decide}). */
public sealed interface Decision {

    /** Completed before (a producer sent the request_id again): answer again with the stored result. */
    record Replay(NumberResult stored) implements Decision {
    }

    /** This very record was answered before a restart; only its offset was not committed yet: publish nothing. */
    record AlreadyAnswered() implements Decision {
    }

    /**
     * This very record finished here at an earlier epoch of its partition and was never published (the partition
     * moved before its transaction, and came back): publish that result now, with its COMPLETED intent.
     */
    record Unpublished(NumberResult result, int attempt, List<ProducerRecord<byte[], byte[]>> settlements)
            implements Decision {
    }

    /**
     * Another record of this request_id finished here and its transaction is not decided yet: its result may never
     * be committed (its partition may have moved), so it is not answered from; decide again once it is committed or
     * dropped.
     */
    record Unsettled() implements Decision {
    }

    /** Unknown and older than the dedupe window: its entry may have expired, so it is rejected, never run. */
    record Stale() implements Decision {
    }

    /**
     * Run it as attempt {@code attempt} under {@code claim}; {@code prior} says whether a run before may have reached
     * the provider (then the call is looked up before it is posted).
     */
    record Run(RunClaim claim, PriorAttempts prior, int attempt) implements Decision {
    }
}
