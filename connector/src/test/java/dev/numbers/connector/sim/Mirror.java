package dev.numbers.connector.sim;

import dev.numbers.connector.ledger.ClaimBoard;
import dev.numbers.connector.ledger.IntentPosition;
import dev.numbers.connector.ledger.LedgerEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One instance's view of the intents topic, built the way the production ledger builds it: the latest entry per
 * request_id (a COMPLETED is never replaced by a STARTED), and the production {@link ClaimBoard} fed the same
 * records. The board learns only claims at or after {@code boardFrom}: a restart from a non-empty store starts its
 * tail the real look-back before its start ({@link SimInstance#restart}), so it does not see the claims written
 * before that.
 */
final class Mirror {

    private final Map<String, LedgerEntry> entries = new HashMap<>();
    /** The production claim board, fed the same records. */
    private final ClaimBoard board = new ClaimBoard();
    private final long boardFrom;
    private int read;

    Mirror(final long boardFrom) {
        this.boardFrom = boardFrom;
    }

    /** Reads the topic up to {@code upTo} records. */
    void readTo(final List<Intent> intents, final int upTo) {
        for (; read < upTo; read++) {
            apply(read, intents.get(read));
        }
    }

    int read() {
        return read;
    }

    void apply(final long offset, final Intent intent) {
        final var id = intent.requestId();
        if (intent.tombstone()) {
            entries.remove(id);
            return;
        }
        if (intent.completed()) {
            entries.put(id, intent.entry());
            observe(offset, intent);
            return;
        }
        // A COMPLETED is never replaced by a STARTED; the latest candidate named is kept (as LedgerMirror keeps it).
        entries.compute(id, (k, known) -> known instanceof LedgerEntry.Completed ? known
                : known instanceof LedgerEntry.Started earlier && intent.entry() instanceof LedgerEntry.Started started
                        && started.candidate() == null && earlier.candidate() != null
                        ? new LedgerEntry.Started(started.attempt(), started.since(), earlier.candidate())
                        : intent.entry());
        if (intent.claimant() == null || offset < boardFrom || entries.get(id) instanceof LedgerEntry.Completed) {
            return;
        }
        observe(offset, intent);
    }

    Optional<LedgerEntry> lookup(final String requestId) {
        return Optional.ofNullable(entries.get(requestId));
    }

    List<ClaimBoard.Hold> holds(final String requestId) {
        return board.holds(requestId);
    }

    private void observe(final long offset, final Intent intent) {
        board.observed(intent.requestId(), new IntentPosition(0, offset), BoardRecords.of(intent.requestId(),
                intent.completed(), intent.claimant(), intent.leaseUntil(), intent.writtenAt()));
    }
}
