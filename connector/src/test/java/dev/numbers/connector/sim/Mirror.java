package dev.numbers.connector.sim;

import dev.numbers.connector.ledger.LedgerEntry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One instance's view of the intents topic, built the way the production ledger builds it: the latest entry per
 * request_id (a COMPLETED is never replaced by a STARTED), and the claim board with the board's renewal rule. The
 * board learns only claims at or after {@code boardFrom}: a restart from a non-empty store starts its tail the real
 * look-back before its start ({@link SimInstance#restart}), so it does not see the claims written before that.
 */
final class Mirror {

    /** One claimant's hold on a request_id: the offset of its claim and until when it is leased. */
    record Hold(String claimant, long from, Instant leaseUntil) {
    }

    private final Map<String, LedgerEntry> entries = new HashMap<>();
    private final Map<String, Map<String, Hold>> board = new HashMap<>();
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
        if (intent.completed()) {
            entries.put(id, intent.entry());
            board.remove(id);
            return;
        }
        entries.compute(id, (k, known) -> known instanceof LedgerEntry.Completed ? known : intent.entry());
        if (intent.claimant() == null || offset < boardFrom || entries.get(id) instanceof LedgerEntry.Completed) {
            return;
        }
        final var holds = board.computeIfAbsent(id, k -> new HashMap<>());
        final var held = holds.get(intent.claimant());
        if (held != null && intent.writtenAt().isBefore(held.leaseUntil())) {
            holds.put(intent.claimant(), new Hold(intent.claimant(), Math.min(held.from(), offset),
                    held.leaseUntil().isAfter(intent.leaseUntil()) ? held.leaseUntil() : intent.leaseUntil()));
        } else {
            holds.put(intent.claimant(), new Hold(intent.claimant(), offset, intent.leaseUntil()));
        }
    }

    Optional<LedgerEntry> lookup(final String requestId) {
        return Optional.ofNullable(entries.get(requestId));
    }

    List<Hold> holds(final String requestId) {
        return List.copyOf(board.getOrDefault(requestId, Map.of()).values());
    }
}
