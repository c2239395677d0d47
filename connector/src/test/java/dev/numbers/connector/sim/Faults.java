package dev.numbers.connector.sim;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The fault classes a schedule may inject; {@link #VERIFY} (all of them) is what {@code verify} runs. */
record Faults(Set<String> enabled) {

    /** Kills, graceful stops, restarts from a stale or empty store, rebalances, repeats, slow/failed/dropped calls. */
    static final String DEFAULT = "default";
    /** What {@code verify} runs when {@code sim.faults} is not given. */
    static final String VERIFY = "default,ambiguous-commit,late-perform";
    /** A call dropped with the process may still be performed by the provider up to its processing bound later. */
    static final String LATE_PERFORM = "late-perform";
    /** A transaction's commit times out undecided; it committed or aborted, and the instance stops. */
    static final String AMBIGUOUS_COMMIT = "ambiguous-commit";

    static Faults of(final String list) {
        return new Faults(Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
    }

    boolean on(final String fault) {
        return enabled.contains(fault);
    }
}
