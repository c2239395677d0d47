package dev.numbers.connector.provider;

/** What a lookup at the provider says about a call that may have been performed already. */
public sealed interface Reconciliation {

    /** The provider has it; {@code body} is the resource in the shape the original call answers. */
    record Found(String body) implements Reconciliation {
    }

    /** The provider has no trace of it: posting (again) cannot double it. */
    record NotFound() implements Reconciliation {
    }

    /** The lookup itself got no usable answer; nothing may be posted until a later lookup decides. */
    record Undecided(Exchange exchange) implements Reconciliation {
    }

    /** Looks the call up at the provider; one HTTP exchange, no retries of its own. */
    @FunctionalInterface
    interface Lookup {
        Reconciliation find();
    }
}
