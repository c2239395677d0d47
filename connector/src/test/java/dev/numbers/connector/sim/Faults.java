package dev.numbers.connector.sim;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The fault classes a schedule may inject; {@link #VERIFY} (all of them) is what {@code verify} runs. */
record Faults(Set<String> enabled) {

    /** Kills, graceful stops, restarts from a stale or empty store, rebalances, repeats, slow/failed/dropped calls. */
    static final String DEFAULT = "default";
    /** What {@code verify} runs when {@code sim.faults} is not given. */
    static final String VERIFY = "default,ambiguous-commit,late-perform,revoked-before-publish,stop-in-call,"
            + "days-later,dlq-replay,stuck-publisher,releases";
    /** A call dropped with the process may still be performed by the provider up to its processing bound later. */
    static final String LATE_PERFORM = "late-perform";
    /** A transaction's commit times out undecided; it committed or aborted, and the instance stops. */
    static final String AMBIGUOUS_COMMIT = "ambiguous-commit";

    /**
     * A run finishes after its partition was revoked: its completion stays pending (unpublished) in the instance's
     * ledger until the publisher drops it, while the partition may come back to the same member.
     */
    static final String REVOKED_BEFORE_PUBLISH = "revoked-before-publish";

    /**
     * The publisher keeps a revoked partition's finished results longer than a claim's lease (a commit blocked that
     * long), so the same record, assigned back, may find that another member took the request over meanwhile: its
     * republish goes through a fresh claim, which answers from the other run's result or, when another claim stood
     * between, decides again with a lookup.
     */
    static final String STUCK_PUBLISHER = "stuck-publisher";

    /**
     * A graceful stop interrupts a provider call in flight (after the drain): the post may be performed or not, the
     * interrupted run must publish nothing, and the stop's last commit publishes whatever it did return.
     */
    static final String STOP_IN_CALL = "stop-in-call";

    /**
     * The same request_id again after more than the ledger's dedupe window, its COMPLETED tombstoned by the expiry:
     * answered stale or from the ledger, never run again.
     */
    static final String DAYS_LATER = "days-later";

    /**
     * Some records cannot be decoded until an operator's fix: they go to the DLQ with their offset committed, and are
     * replayed to their origin topic, at most once by the replay's marker, sometimes twice (the marker not honoured).
     */
    static final String DLQ_REPLAY = "dlq-replay";

    /**
     * Some requests release a number, by E.164 or by provider id, through SignalWire's two accounts or Telnyx: one the
     * tenant holds there, one bought through another provider or account, or one never bought; repeated under other
     * keys like any request. Purchases go through either SignalWire account.
     */
    static final String RELEASES = "releases";

    static Faults of(final String list) {
        return new Faults(Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
    }

    boolean on(final String fault) {
        return enabled.contains(fault);
    }
}
