package dev.numbers.connector.ledger;

import dev.numbers.schemas.avro.Intent;
import dev.numbers.schemas.avro.IntentState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open claims on request_ids, as read from the intents topic: per request_id and claimant, the position of the
 * claim (its first STARTED) and until when it is leased. A COMPLETED ends every claim on its request_id, so the board
 * holds only requests in flight (or whose claimant died before finishing), never history.
 *
 * <p>A later STARTED of the same claimant renews its claim, keeping the position, only if the claimant wrote it
 * before its lease ran out ({@code updated_at < lease_until}, both the claimant's own clock); otherwise the claim
 * lapsed and the new STARTED is a new claim at its own position. The lapsed claim stays on the board beside it: what
 * it posted may still be performed, so a claim between the two must wait for it to settle as for any earlier claim.
 * The rule uses only what the claimant wrote, so every reader derives the same board from the same records.
 */
public final class ClaimBoard implements IntentObserver {

    /** One claimant's hold on a request_id: the STARTED it holds from, and until when. */
    public record Hold(String claimant, long from, Instant leaseUntil) {
    }

    /** Keys a lapsed claim beside its claimant's current one (a claimant is {@code name/incarnation}). */
    private static final String LAPSED = "#lapsed@";

    private final Map<String, Map<String, Hold>> open = new ConcurrentHashMap<>();

    @Override
    public void observed(final String requestId, final IntentPosition at, final Intent intent) {
        if (intent.getState() == IntentState.COMPLETED) {
            open.remove(requestId);
            return;
        }
        if (intent.getClaimant() == null || intent.getLeaseUntil() == null) {
            return;
        }
        final var claimant = intent.getClaimant().toString();
        final var leaseUntil = intent.getLeaseUntil();
        open.compute(requestId, (id, holds) -> {
            // Copied on write: readers take the values outside compute().
            final var next = holds == null ? new HashMap<String, Hold>() : new HashMap<>(holds);
            final var held = next.get(claimant);
            if (held != null && held.from() == at.offset()) {
                return holds;
            }
            if (held != null && intent.getUpdatedAt().isBefore(held.leaseUntil())) {
                next.put(claimant, new Hold(claimant, Math.min(held.from(), at.offset()),
                        held.leaseUntil().isAfter(leaseUntil) ? held.leaseUntil() : leaseUntil));
            } else {
                if (held != null) {
                    next.put(claimant + LAPSED + held.from(), held);
                }
                next.put(claimant, new Hold(claimant, at.offset(), leaseUntil));
            }
            return next;
        });
    }

    /** The claims open on {@code requestId}; empty once a COMPLETED was read. */
    public List<Hold> holds(final String requestId) {
        final var holds = open.get(requestId);
        return holds == null ? List.of() : List.copyOf(holds.values());
    }

    int size() {
        return open.size();
    }
}
