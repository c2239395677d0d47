package dev.numbers.bridge.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's arguments, as {@code key=value} words.
 *
 * @param clients  keep-alive connections posting webhooks
 * @param rate     total webhooks/s; 0 is a closed loop (as fast as the bridge answers)
 * @param webhooks webhooks measured per run
 * @param warmup   webhooks sent (and seen through to their events) before each run's measurement
 * @param rounds   runs per configuration
 * @param compare  true: every round runs the settings before the CPU work and the current defaults, in
 *                 alternating order (before, after, after, before, ...), after one unmeasured run of each that warms
 *                 the JIT; false: the current defaults only
 */
record BenchOptions(int clients, int rate, int webhooks, int warmup, int rounds, boolean compare) {

    private static final Set<String> KEYS = Set.of("clients", "rate", "webhooks", "warmup", "rounds", "compare");

    static BenchOptions parse(final String[] args) {
        final var values = new HashMap<String, String>(Map.of("clients", "32", "rate", "1000", "webhooks", "15000",
                "warmup", "10000", "rounds", "1", "compare", "false"));
        for (final var arg : args) {
            final int eq = arg.indexOf('=');
            if (eq < 0 || !KEYS.contains(arg.substring(0, eq))) {
                throw new IllegalArgumentException("expected key=value with a key of " + KEYS + ", got " + arg);
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new BenchOptions(Integer.parseInt(values.get("clients")), Integer.parseInt(values.get("rate")),
                Integer.parseInt(values.get("webhooks")), Integer.parseInt(values.get("warmup")),
                Integer.parseInt(values.get("rounds")), Boolean.parseBoolean(values.get("compare")));
    }

    String describe() {
        return clients + " clients, " + (rate <= 0 ? "closed loop" : "paced at " + rate + "/s") + ", " + webhooks
                + " webhooks measured after " + warmup + " of warm-up per run";
    }
}
