package dev.numbers.bridge.bench;

import dev.numbers.harness.KafkaBroker;
import dev.numbers.harness.SchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Load test of the whole bridge on this machine: real broker and registry, the bridge's HTTP server and Streams
 * topology, and a client posting SignalWire-signed 10DLC callbacks (each about a new order, so each one becomes one
 * order-state event). Reports, per run, CPU per webhook by kind of thread ({@link ThreadCpu}), webhooks/s, endpoint
 * latency and the lag from sending a webhook to its order-state event being readable (read_committed).
 *
 * <p>Not a test: run it with the command in docs/bridge.md. Arguments are {@code key=value} words
 * ({@link BenchOptions}); {@code compare=true} runs {@link #BEFORE} and the current defaults alternately in this
 * one JVM, so that both see the same machine load and the same warm JIT.
 */
public final class WebhookBenchmark {

    /**
     * The bridge's settings before the CPU work, written out so that they stay the "before" whatever the
     * defaults become: the intake producer's linger, the Streams commit interval and the Streams clients' Kafka
     * defaults for what the current defaults change.
     */
    static final Map<String, Object> BEFORE = Map.of(
            "bridge.kafka.linger", "2ms",
            "bridge.order-state.commit-interval", "100ms",
            // Kafka's consumer defaults, which the topology used before it batched its fetches
            "bridge.order-state.fetch-max-wait", "500ms",
            "bridge.order-state.fetch-min-bytes", "1");

    private WebhookBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.numbers.schemas.avro");
        final var options = BenchOptions.parse(args);
        final var kafka = KafkaBroker.shared();
        final var bench = new BenchRun(kafka, SchemaRegistry.shared().url(), options);
        final var after = overrides("bench.after.", Map.of());
        final var configs = options.compare()
                ? List.of(new Config("before", overrides("bench.before.", BEFORE)), new Config("after", after))
                : List.of(new Config("current", after));
        System.out.printf("%n=== callback-bridge benchmark: %s; %d cores; %s ===%n", options.describe(),
                Runtime.getRuntime().availableProcessors(), options.compare()
                        ? "before " + configs.get(0).settings() + " and after (the defaults) " + after + ", alternating"
                        : "the current defaults " + after);
        if (options.compare()) {
            // the first runs in a JVM pay for most of its JIT compilation; neither configuration should carry it
            for (final var config : configs) {
                final var unmeasured = bench.run(config.label(), config.settings());
                System.out.println("(JIT warm-up run, not counted) " + unmeasured.row());
            }
        }
        System.out.println(RunResult.header());
        final var runs = new ArrayList<RunResult>();
        for (int round = 0; round < options.rounds(); round++) {
            // before, after, after, before, ...: a trend in the machine's load falls on both alike
            final var order = round % 2 == 0 ? configs : configs.reversed();
            for (final var config : order) {
                final var result = bench.run(config.label(), config.settings());
                runs.add(result);
                System.out.println(result.row());
            }
        }
        System.out.printf("%n=== summary: median (lowest–highest), CPU in µs per webhook ===%n%s",
                RunResult.summary(runs));
        if (options.compare()) {
            System.out.println(RunResult.paired(runs.stream().filter(r -> r.label().equals("before")).toList(),
                    runs.stream().filter(r -> r.label().equals("after")).toList()));
        }
        // stop the broker before exit: its shutdown hook races the deletion of its log directory otherwise
        kafka.close();
        System.exit(0);
    }

    /**
     * {@code settings} with any JVM system property {@code <prefix><bridge setting>} on top, for trying a setting
     * against the defaults without a code change: {@code -Dbridge.bench.jvm=-Dbench.after.bridge.kafka.linger=5ms}.
     */
    private static Map<String, Object> overrides(final String prefix, final Map<String, Object> settings) {
        final var merged = new TreeMap<String, Object>(settings);
        System.getProperties().forEach((key, value) -> {
            if (key.toString().startsWith(prefix)) {
                merged.put(key.toString().substring(prefix.length()), value);
            }
        });
        return merged;
    }

    private record Config(String label, Map<String, Object> settings) {
    }
}
