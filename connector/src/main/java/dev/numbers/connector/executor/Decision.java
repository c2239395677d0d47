package dev.numbers.connector.executor;

import dev.numbers.connector.operation.PriorAttempts;
import dev.numbers.schemas.avro.NumberResult;
import java.util.List;
import java.util.Optional;
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
     * moved before its transaction, and came back): publish that result now, with its COMPLETED intent, once
     * {@code claim} is taken. While the partition was away another member may have taken the request over and
     * answered it; only the claim writer, which reads everything before its STARTED, can tell ({@code claim} starts
     * from no prior attempt, so a taken claim that says one may have run names another claimant's). No claim for a
     * request now older than the dedupe window (none is ever taken there): it is decided again from what the ledger
     * has committed, as any member would decide it (answered from a result still known, else stale).
     */
    record Unpublished(NumberResult result, int attempt, List<ProducerRecord<byte[], byte[]>> settlements,
                       Optional<RunClaim> claim) implements Decision {
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
