package dev.numbers.connector.ledger;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Where one claimant stands on a request_id, from the claim board's holds alone: the rule every claimer applies to
 * the same records, so of two live claims exactly one is earlier. No clock or I/O of its own ({@code now} comes in),
 * so {@link Claims} and the simulation decide with the same code.
 */
public sealed interface ClaimStanding {

    /** The claimant holds nothing: a COMPLETED ended every claim, or its own is not on the board (write it again). */
    record Absent() implements ClaimStanding {
    }

    /**
     * An earlier claim of another claimant ({@code live}) may still send a call ({@link ClaimLife#holds}; an earlier
     * incarnation of this very instance sent nothing after this one started): wait, holding {@code mine}.
     */
    record Behind(ClaimBoard.Hold mine, ClaimBoard.Hold live) implements ClaimStanding {
    }

    /**
     * Nothing earlier stands in the way: run from {@code mine}. {@code earlier} are the earlier claims of others,
     * none of which may send any more: when there are any, this run takes the request over, looks up what they did
     * at once, and posts only once their calls can no longer be performed ({@link ClaimLife#settledAt}).
     */
    record First(ClaimBoard.Hold mine, List<ClaimBoard.Hold> earlier) implements ClaimStanding {

        public boolean takesOver() {
            return !earlier.isEmpty();
        }
    }

    /** {@code claimant}'s standing among {@code holds} at {@code now}, by {@code life}'s rule of a claim's end. */
    public static ClaimStanding of(final List<ClaimBoard.Hold> holds, final String claimant, final ClaimLife life,
                            final Instant now) {
        // The claimant's current claim: the latest of its holds (an earlier one lapsed, see ClaimBoard).
        final var mine = holds.stream().filter(h -> h.claimant().equals(claimant))
                .max(Comparator.comparingLong(ClaimBoard.Hold::from));
        if (mine.isEmpty()) {
            return new Absent();
        }
        final long from = mine.get().from();
        final var earlier = holds.stream().filter(h -> !h.claimant().equals(claimant) && h.from() < from).toList();
        final var live = earlier.stream().filter(h -> life.holds(h, now)).findFirst();
        if (live.isPresent()) {
            return new Behind(mine.get(), live.get());
        }
        return new First(mine.get(), earlier);
    }
}
