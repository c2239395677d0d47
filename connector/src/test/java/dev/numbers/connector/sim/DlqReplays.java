package dev.numbers.connector.sim;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * {@code numbers dlq replay}, modelled (its marker logic is the sandbox CLI's, not a class the connector's tests can
 * run): each DLQ record is copied to the topic it came from, under its own key, and marked so that the next replay
 * skips it. {@code ignoringMarkers} replays a record already replayed (an older tool, a marker lost): the connector
 * must stay exactly-once even then, by its ledger alone.
 */
final class DlqReplays {

    private final World world;
    private final Set<Integer> marked = new HashSet<>();

    DlqReplays(final World world) {
        this.world = world;
    }

    /** The DLQ records no replay has marked yet. */
    List<Integer> unreplayed() {
        return IntStream.range(0, world.deadLetters.size()).filter(i -> !marked.contains(i)).boxed().toList();
    }

    /** One replay run: every unmarked record (or, ignoring the markers, every record) to its origin. */
    void replay(final boolean ignoringMarkers) {
        for (int i = 0; i < world.deadLetters.size(); i++) {
            if (marked.add(i) || ignoringMarkers) {
                final var letter = world.deadLetters.get(i);
                world.log("dlq replay of %s key=%s%s", letter.request().getRequestId(), letter.key(),
                        ignoringMarkers ? " (markers ignored)" : "");
                world.produce(letter.key(), letter.request());
            }
        }
    }
}
