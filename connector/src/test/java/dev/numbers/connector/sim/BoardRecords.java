package dev.numbers.connector.sim;

import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentState;
import java.time.Instant;

/** A simulated intent as the record the production claim board reads: only the fields it looks at are set. */
final class BoardRecords {

    private BoardRecords() {
    }

    static Intent of(final String requestId, final boolean completed, final String claimant, final Instant leaseUntil,
                     final Instant writtenAt) {
        final var record = new Intent();
        record.setRequestId(requestId);
        record.setState(completed ? IntentState.COMPLETED : IntentState.STARTED);
        record.setClaimant(claimant);
        record.setLeaseUntil(leaseUntil);
        record.setUpdatedAt(writtenAt);
        return record;
    }
}
