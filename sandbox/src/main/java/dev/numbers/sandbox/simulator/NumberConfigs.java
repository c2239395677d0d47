package dev.numbers.sandbox.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The settings a provider holds for its numbers (handlers, routing, CNAM...), by E.164 number, and how many writes
 * changed them, so a test can tell a repeated configuration from one that wrote twice.
 */
final class NumberConfigs {

    private final Map<String, Map<String, Object>> settings = new ConcurrentHashMap<>();
    private final Map<String, Integer> writes = new ConcurrentHashMap<>();

    /** A copy of the number's settings; empty when none were written. */
    Map<String, Object> of(String number) {
        final Map<String, Object> held = settings.get(number);
        return held == null ? Map.of() : new LinkedHashMap<>(held);
    }

    /** Sets {@code changes} on the number; counts one write whatever it changes, as a provider would. */
    void write(String number, Map<String, Object> changes) {
        settings.compute(number, (n, held) -> {
            final Map<String, Object> next = held == null ? new LinkedHashMap<>() : new LinkedHashMap<>(held);
            next.putAll(changes);
            return next;
        });
        writes.merge(number, 1, Integer::sum);
    }

    int writes(String number) {
        return writes.getOrDefault(number, 0);
    }

    /** A released number starts afresh with its next owner. */
    void forget(String number) {
        settings.remove(number);
    }
}
